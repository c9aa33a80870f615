import { Topics } from '@grants/contracts';
import { KafkaBus } from '@grants/messaging';
import { Actor, startTestPlatform, TestPlatform, waitFor } from '@grants/testing';
import { createHash } from 'node:crypto';
import { collect, eeaCall, essayCall, exe, makersCall, pdf, publishCall, upload } from '../support/call-events';
import { essayEntry, fieldsOf, waitForCall } from '../support/people';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A complete MAKERS proposal: partner municipality from the list, budget lines, 20 % co-funding. */
const makersContent = {
  language: 'bs',
  title: 'Park za sve generacije',
  summary: 'Uređenje zapuštenog parka uz učešće mještana i općine.',
  sections: { problem: 'U naselju nema sigurnog prostora za igru i druženje.' },
  partnerMunicipality: 'Istočno Novo Sarajevo',
  objectives: ['Siguran prostor za djecu', 'Više druženja generacija'],
  targetGroups: ['Djeca', 'Penzioneri'],
  activities: [
    { title: 'Radna akcija čišćenja', startsOn: '2021-05-01', endsOn: '2021-05-02' },
    { title: 'Postavljanje klupa i igrala', startsOn: '2021-05-10', endsOn: '2021-06-30' },
  ],
  budgetLines: [
    { description: 'Igrala', category: 'oprema', amountMinor: '1000000' },
    { description: 'Klupe i rasvjeta', category: 'oprema', amountMinor: '500000' },
  ],
  requestedAmountMinor: '1000000',
  municipalityCoFundingMinor: '300000',
  otherCoFundingMinor: '200000',
  leadOrganisation: { name: 'Udruženje „Mladi Istočnog Novog Sarajeva“', email: 'ured@mladi.example.ba', country: 'BA' },
  partners: [{ name: 'Neformalna grupa roditelja Lukavica', email: 'roditelji@example.ba', role: 'volonteri' }],
  applicant: { fullName: 'Džemal Hodžić', email: 'dzemal@example.ba', applicantType: 'INFORMAL_GROUP', organisation: 'Udruženje „Mladi Istočnog Novog Sarajeva“' },
};

/**
 * Drafts and input on the real servers: drafts shaped by the call's kind and form, autosave with
 * optimistic concurrency, attachments recognised by their bytes, and bad input refused with every
 * field named while the draft stays exactly as it was.
 */
describe('applications: drafts, autosave, attachments and bad input', () => {
  let t: TestPlatform;
  let bus: KafkaBus;
  let officer: Actor;

  beforeAll(async () => {
    t = await startTestPlatform({ label: 'appdraft', basePort: 4510, only: ['gateway', 'applications'] });
    bus = t.bus();
    officer = await t.client.staff(await t.client.admin(), ['PROGRAMME_OFFICER']);
  });
  afterAll(async () => {
    await t?.stop();
  });

  const patch = (who: Actor, id: string, version: number, body: unknown) =>
    t.client.call('PATCH', `/applications/${id}/draft`, body, { ...who.auth, 'if-match': `"v${version}"` });

  it('shapes drafts by the call: an essay, a co-funded local initiative, an NGO consortium', async () => {
    const essay = essayCall();
    const makers = makersCall();
    const eea = eeaCall();
    for (const c of [essay, makers, eea]) await publishCall(bus, c);
    const student = await t.client.applicant('Elif Yılmaz');
    const group = await t.client.applicant('Džemal Hodžić', { type: 'INFORMAL_GROUP', language: 'bs' });
    const ngo = await t.client.applicant('Клуб Стара Загора', { type: 'REGISTERED_ORGANISATION', language: 'bg' });

    // An essay draft: what it still lacks, by the call's form.
    const essayDraftId = await waitForCall(t.client, essay.callId, student);
    const essayDraft = await t.client.call('GET', `/applications/${essayDraftId}/draft`, undefined, student.auth);
    expect(essayDraft.headers.get('etag')).toBe('"v1"');
    expect(fieldsOf(essayDraft.body)).toEqual(expect.arrayContaining(['language', 'title', 'text', 'applicant.fullName', 'applicant.dateOfBirth']));
    expect(essayDraft.body.call).toMatchObject({ kind: 'ESSAY_CONTEST', state: 'OPEN' });
    const wrongKind = await patch(student, essayDraftId, 1, { partnerMunicipality: 'Trebinje' });
    expect(wrongKind.status).toBe(422);
    expect(wrongKind.body.problems).toEqual([{ field: 'partnerMunicipality', code: 'UNKNOWN_FIELD', params: {}, reason: 'is not part of a essay contest application' }]);

    // A local initiative, saved section by section as a phone would autosave it.
    const id = await waitForCall(t.client, makers.callId, group);
    const { applicant, ...content } = makersContent;
    let version = 1;
    for (const part of [
      { language: content.language, title: content.title },
      { summary: content.summary, sections: content.sections },
      { partnerMunicipality: content.partnerMunicipality, objectives: content.objectives, targetGroups: content.targetGroups },
      { activities: content.activities },
      { budgetLines: content.budgetLines, requestedAmountMinor: content.requestedAmountMinor },
      { municipalityCoFundingMinor: content.municipalityCoFundingMinor, otherCoFundingMinor: content.otherCoFundingMinor },
      { leadOrganisation: content.leadOrganisation, partners: content.partners, applicant },
    ]) {
      const r = await patch(group, id, version, part);
      expect(r.status).toBe(200);
      version += 1;
      expect(r.headers.get('etag')).toBe(`"v${version}"`);
    }
    const filled = await t.client.expect('GET', `/applications/${id}/draft`, 200, undefined, group.auth);
    expect(filled.content).toEqual(content);
    expect(filled.applicant).toEqual(applicant);
    // Everything is there but the municipality's letter.
    expect(filled.problems).toEqual([{ field: 'attachments.municipalityLetter', code: 'REQUIRED', params: {}, reason: "is required by the call's form: upload it first" }]);
    const notYet = await t.client.call('POST', `/applications/${id}/submit`, undefined, group.auth);
    expect(notYet.status).toBe(422);
    expect(fieldsOf(notYet.body)).toEqual(['attachments.municipalityLetter']);
    expect((await upload(t.api, id, 'municipalityLetter', 'pismo-općine.pdf', pdf(), 'application/pdf', group)).status).toBe(201);
    const probe = await collect(bus, [Topics.ApplicationSubmittedV1]);
    const receipt = await t.client.expect('POST', `/applications/${id}/submit`, 201, undefined, group.auth);
    expect(receipt.reference).toBe(`${makers.referenceCode}-0001`);
    const event = await waitFor('the submitted event', async () => probe.events.find((e) => e.aggregateId === id));
    await probe.stop();
    const review = (event.payload as { reviewContent: Record<string, any> }).reviewContent;
    // Not blind: evaluators see who proposes it, but never contact details.
    expect(review).toMatchObject({ partnerMunicipality: 'Istočno Novo Sarajevo', requestedAmountMinor: '1000000', budgetLines: content.budgetLines });
    expect(review.leadOrganisation).toEqual({ name: content.leadOrganisation.name, country: 'BA' });
    expect(review.partners).toEqual([{ name: content.partners[0].name, role: 'volonteri' }]);
    expect(JSON.stringify(event.payload)).not.toMatch(/@example\.ba|Džemal/);

    // An NGO consortium: partners need a lead organisation; duration and results by the kind.
    const ngoId = await waitForCall(t.client, eea.callId, ngo);
    const proposal = {
      language: 'bg',
      title: 'Синергия на мрежата',
      summary: 'Мрежа от 16 организации и неформални групи.',
      objectives: ['Укрепване на мрежата'],
      results: ['16 членове', '4 общи инициативи'],
      activities: [{ title: 'Обучения' }],
      durationMonths: 10,
      budgetLines: [{ description: 'Обучения', amountMinor: '1774080' }],
      requestedAmountMinor: '1774080',
      sections: { indicators: 'Брой членове, брой инициативи' },
      partners: [{ name: 'Сдружение „Зелена Загора“' }, { name: 'Неформална група „Млади за Стара Загора“' }],
      applicant: { fullName: 'Иван Петров', email: 'ivan@example.bg', applicantType: 'REGISTERED_ORGANISATION' },
    };
    expect((await patch(ngo, ngoId, 1, proposal)).status).toBe(200);
    const noLead = await t.client.call('POST', `/applications/${ngoId}/submit`, undefined, ngo.auth);
    expect(noLead.status).toBe(422);
    expect(fieldsOf(noLead.body)).toEqual(['leadOrganisation']);
    expect((await patch(ngo, ngoId, 2, { leadOrganisation: { name: 'Клуб „Отворено общество“ Стара Загора' } })).status).toBe(200);
    expect((await t.client.call('POST', `/applications/${ngoId}/submit`, undefined, ngo.auth)).status).toBe(201);
  });

  it('refuses a stale autosave (two tabs) and writes nothing', async () => {
    const call = essayCall();
    await publishCall(bus, call);
    const a = await t.client.applicant('Two Tabs');
    const id = await waitForCall(t.client, call.callId, a);
    const tabA = await t.client.call('GET', `/applications/${id}/draft`, undefined, a.auth);
    const tabB = await t.client.call('GET', `/applications/${id}/draft`, undefined, a.auth);
    expect(tabA.headers.get('etag')).toBe(tabB.headers.get('etag'));
    const saveA = await t.client.call('PATCH', `/applications/${id}/draft`, { title: 'Од табот А' }, { ...a.auth, 'if-match': tabA.headers.get('etag')! });
    expect(saveA.status).toBe(200);
    expect(saveA.headers.get('etag')).toBe('"v2"');
    const saveB = await t.client.call('PATCH', `/applications/${id}/draft`, { title: 'Од табот Б', text: 'Нешто друго' }, { ...a.auth, 'if-match': tabB.headers.get('etag')! });
    expect(saveB.status).toBe(409);
    expect(saveB.body.error).toBe('APPLICATION.STALE_VERSION');
    // The version may come in the body instead; without either the write is refused.
    expect((await t.client.call('PATCH', `/applications/${id}/draft`, { title: 'Б' }, a.auth)).status).toBe(400);
    expect((await t.client.call('PATCH', `/applications/${id}/draft`, { title: 'Б', version: 1 }, a.auth)).status).toBe(409);
    const now = await t.client.expect('GET', `/applications/${id}/draft`, 200, undefined, a.auth);
    expect(now).toMatchObject({ version: 2, content: { title: 'Од табот А' } });
    expect(now.content.text).toBeUndefined();
    // Someone else's draft: not found, as if it did not exist.
    const b = await t.client.applicant('Other Person');
    expect((await t.client.call('PATCH', `/applications/${id}/draft`, { title: 'x', version: 2 }, b.auth)).status).toBe(404);
    expect((await t.client.call('GET', `/applications/${id}/draft`, undefined, b.auth)).status).toBe(404);
    expect((await t.client.call('GET', `/applications/${id}`, undefined, officer.auth)).status).toBe(404); // a draft is the applicant's alone
  });

  it('answers bad input with a 4xx naming each field, and leaves the draft exactly as it was', async () => {
    const call = makersCall();
    await publishCall(bus, call);
    const group = await t.client.applicant('Bad Input Group', { type: 'INFORMAL_GROUP' });
    const id = await waitForCall(t.client, call.callId, group);
    const { applicant: _a, ...partial } = makersContent;
    expect((await patch(group, id, 1, { title: partial.title, language: 'bs', partnerMunicipality: 'Brčko', requestedAmountMinor: '1000000' })).status).toBe(200);
    const snapshot = async () => {
      const [row] = await t.query('applications', `SELECT version, draft_content, updated_at FROM application WHERE id = $1`, [id]);
      const [{ n }] = await t.query('applications', `SELECT count(*)::int AS n FROM audit_log WHERE entity_id = $1`, [id]);
      return { ...row, audit: n };
    };
    const before = await snapshot();
    expect(before.version).toBe(2);

    const cases: [string, () => Promise<{ status: number; body: any }>, number, string[]][] = [
      ['wrong types', () => patch(group, id, 2, { title: 42, activities: 'sadnja drveća', requestedAmountMinor: 1500000, objectives: [7] }), 400, ['title', 'activities', 'requestedAmountMinor', 'objectives']],
      ['unknown fields', () => patch(group, id, 2, { surprise: true, applicant: { shoeSize: 44 } }), 400, ['surprise', 'applicant.shoeSize']],
      ['10 MB of text in a title', () => patch(group, id, 2, { title: 'Ж'.repeat(5 * 1024 * 1024) }), 400, ['title']],
      ['a municipality not on the list', () => patch(group, id, 2, { partnerMunicipality: 'Sarajevo' }), 422, ['partnerMunicipality']],
      ['a requested amount over the maximum', () => patch(group, id, 2, { requestedAmountMinor: '2500000' }), 422, ['requestedAmountMinor']],
      ['a co-funding share under the minimum', () => patch(group, id, 2, { municipalityCoFundingMinor: '100000' }), 422, ['municipalityCoFundingMinor']],
      ['a bad date and a bad section', () => patch(group, id, 2, { activities: [{ title: 'x', startsOn: '2021-13-01' }], sections: { problem: 5, 'bad key': 'x' } }), 400, ['activities[0].startsOn', 'sections.problem', 'sections.bad key']],
      ['missing sections at submission', () => t.client.call('POST', `/applications/${id}/submit`, undefined, group.auth), 422, ['summary', 'sections.problem', 'objectives', 'targetGroups', 'activities', 'budgetLines', 'municipalityCoFundingMinor', 'applicant.fullName', 'attachments.municipalityLetter']],
    ];
    for (const [what, send, status, fields] of cases) {
      const r = await send();
      expect(`${what}: ${r.status}`).toBe(`${what}: ${status}`);
      expect(fieldsOf(r.body)).toEqual(expect.arrayContaining(fields));
      expect(await snapshot()).toEqual(before);
    }
    // Invalid UTF-8 on the wire (raw bytes, not an escape): refused with the field named.
    const raw = Buffer.concat([Buffer.from('{"title":"Park za sve '), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')]);
    const badUtf8 = await fetch(`${t.api}/applications/${id}/draft`, {
      method: 'PATCH',
      headers: { ...group.auth, 'content-type': 'application/json', 'if-match': '"v2"' },
      body: raw,
    });
    const badBody = (await badUtf8.json()) as { problems: unknown[] };
    expect(badUtf8.status).toBe(400);
    expect(badBody.problems).toEqual([{ field: 'title', code: 'FORMAT', params: { format: 'clean-text' }, reason: expect.stringContaining('not valid UTF-8') }]);
    expect(await snapshot()).toEqual(before);

    // In one request with everything wrong at once, every problem comes back together.
    const other = await t.client.applicant('All At Once', { type: 'INFORMAL_GROUP' });
    const allAtOnce = await t.client.call(
      'POST',
      `/calls/${call.callId}/applications`,
      { ...makersContent, partnerMunicipality: 'Sarajevo', requestedAmountMinor: '2500000', municipalityCoFundingMinor: '100000', summary: undefined },
      other.auth,
    );
    expect(allAtOnce.status).toBe(422);
    expect(fieldsOf(allAtOnce.body)).toEqual(
      expect.arrayContaining(['partnerMunicipality', 'requestedAmountMinor', 'municipalityCoFundingMinor', 'summary', 'attachments.municipalityLetter', 'budgetLines']),
    );
    const [{ n }] = await t.query('applications', `SELECT count(*)::int AS n FROM application WHERE applicant_user_id = $1`, [other.id]);
    expect(n).toBe(0);
    // The UTF-8 names of the call are kept exactly: the right spelling is accepted.
    expect((await patch(group, id, 2, { partnerMunicipality: 'Trnovo (RS)' })).status).toBe(200);
  });

  it('recognises attachments by their bytes, enforces the call\'s size and slot limits, and stores them with a SHA-256', async () => {
    const call = makersCall();
    await publishCall(bus, call);
    const group = await t.client.applicant('Files Group', { type: 'INFORMAL_GROUP' });
    const id = await waitForCall(t.client, call.callId, group);
    const count = async () => (await t.query('applications', `SELECT count(*)::int AS n FROM attachment WHERE application_id = $1`, [id]))[0].n;

    // A renamed .exe posing as a PDF (name and Content-Type both say PDF).
    const fake = await upload(t.api, id, 'municipalityLetter', 'pismo.pdf', exe(), 'application/pdf', group);
    expect(fake.status).toBe(422);
    expect(fake.body.error).toBe('ATTACHMENT.TYPE_NOT_ALLOWED');
    expect(fake.body.problems).toEqual([
      { field: 'file', code: 'FILE_TYPE', params: { allowed: ['application/pdf'], detected: 'application/x-msdownload' }, reason: expect.stringContaining('Windows executable') },
    ]);
    const big = await upload(t.api, id, 'municipalityLetter', 'big.pdf', Buffer.concat([pdf(), Buffer.alloc(70 * 1024, 0x20)]), 'application/pdf', group);
    expect(big.status).toBe(422);
    expect(big.body.error).toBe('ATTACHMENT.TOO_LARGE');
    const unknownSlot = await upload(t.api, id, 'selfie', 'me.pdf', pdf(), 'application/pdf', group);
    expect(unknownSlot.status).toBe(400);
    expect(fieldsOf(unknownSlot.body)).toEqual(['key']);
    expect(await count()).toBe(0);

    // A real PDF, even sent as application/octet-stream, with a Cyrillic/Latin file name.
    const letter = pdf('Pismo podrške — Općina Istočno Novo Sarajevo');
    const ok = await upload(t.api, id, 'municipalityLetter', 'Pismo podrške općine.pdf', letter, 'application/octet-stream', group);
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ key: 'municipalityLetter', contentType: 'application/pdf', sizeBytes: letter.length, sha256: sha(letter), fileName: 'Pismo podrške općine.pdf' });
    const again = await upload(t.api, id, 'municipalityLetter', 'second.pdf', letter, 'application/pdf', group);
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('ATTACHMENT.SLOT_TAKEN');
    const listed = await t.client.expect('GET', `/applications/${id}/attachments`, 200, undefined, group.auth);
    expect(listed.attachments).toHaveLength(1);
    const dl = await fetch(`${t.api}/applications/${id}/attachments/${ok.body.id}`, { headers: group.auth });
    expect(dl.status).toBe(200);
    expect(dl.headers.get('content-type')).toBe('application/pdf');
    expect(dl.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('Pismo podrške općine.pdf')}`);
    expect(sha(Buffer.from(await dl.arrayBuffer()))).toBe(sha(letter));
    const stranger = await t.client.applicant('Not Yours');
    expect((await fetch(`${t.api}/applications/${id}/attachments/${ok.body.id}`, { headers: stranger.auth })).status).toBe(404);
    expect((await upload(t.api, id, 'budgetTable', 'x.pdf', pdf(), 'application/pdf', stranger)).status).toBe(404);

    expect((await t.client.call('DELETE', `/applications/${id}/attachments/${ok.body.id}`, undefined, group.auth)).status).toBe(200);
    expect((await t.client.expect('GET', `/applications/${id}/attachments`, 200, undefined, group.auth)).attachments).toEqual([]);
    expect((await t.client.call('DELETE', `/applications/${id}/attachments/${ok.body.id}`, undefined, group.auth)).status).toBe(404);
    // The slot is free again.
    expect((await upload(t.api, id, 'municipalityLetter', 'novo.pdf', pdf('novo'), 'application/pdf', group)).status).toBe(201);
  });

  it('accepts the skeleton\'s one-request submission, and counts the applicant type the account registered with', async () => {
    const open = essayCall({ eligibility: undefined, form: undefined });
    await publishCall(bus, open);
    const a = await t.client.applicant('Ана Петровска');
    await waitForCall(t.client, open.callId, a);
    const r = await t.client.call(
      'POST',
      `/calls/${open.callId}/applications`,
      { title: 'Соседи', text: 'Мојот сосед Ахмет секое утро ја полева улицата…', language: 'mk', applicant: { fullName: 'Ана Петровска', email: 'ana@example.mk' } },
      a.auth,
    );
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ reference: `${open.referenceCode}-0001`, contentSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const viewed = await t.client.expect('GET', `/applications/${r.body.applicationId}`, 200, undefined, a.auth);
    expect(viewed).toMatchObject({ status: 'SUBMITTED', currentStatus: 'SUBMITTED', content: { title: 'Соседи' } });

    // A call open to students only: a student's account needs to state nothing, a group's is refused.
    const students = essayCall();
    await publishCall(bus, students);
    const student = await t.client.applicant('Student Account');
    const group = await t.client.applicant('Group Account', { type: 'INFORMAL_GROUP' });
    await waitForCall(t.client, students.callId, student);
    const { applicantType: _t, ...unstated } = essayEntry('Student Account').applicant;
    const body = { ...essayEntry('Student Account'), applicant: unstated };
    const ok = await waitFor('the student account in applications', async () => {
      const x = await t.client.call('POST', `/calls/${students.callId}/applications`, body, student.auth);
      return x.status === 201 && x.body;
    });
    const [row] = await t.query('applications', `SELECT applicant_type FROM applicant_identity WHERE application_id = $1`, [ok.applicationId]);
    expect(row.applicant_type).toBe('STUDENT');
    const refused = await waitFor('the group account in applications', async () => {
      const x = await t.client.call('POST', `/calls/${students.callId}/applications`, { ...body, applicant: { ...unstated, fullName: 'Group Account' } }, group.auth);
      return x.status === 422 && x.body.problems[0]?.reason.startsWith('must be one of') && x;
    });
    expect(refused.body.problems).toEqual([
      { field: 'applicant.applicantType', code: 'ONE_OF', params: { allowed: ['STUDENT'] }, reason: 'must be one of the types this call is open to: STUDENT' },
    ]);
  });
});
