import { EventEnvelope } from '@grants/contracts';
import { KafkaBus } from '@grants/messaging';
import {
  Actor,
  createEmptyTestDatabase,
  http,
  KAFKA_BROKERS,
  Platform,
  PlatformClient,
  REDIS_URL,
  REPO_ROOT,
  SERVICE_NAMES,
  ServiceName,
  sleep,
  TestDatabase,
  testNamespace,
  waitFor,
} from '@grants/testing';
import IORedis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { Client } from 'pg';
import {
  Body,
  EEA_PROGRAMME,
  eeaNgoGrant,
  ESSAY_TITLE_MK,
  essayContest,
  FMZ_PROGRAMME,
  MAKERS_MUNICIPALITIES,
  MAKERS_PROGRAMME,
  makersCofunding,
} from '@grants/testing';

const TOPICS = ['calls.call.published.v1', 'calls.call.opened.v1', 'calls.call.closed.v1', 'calls.call.amended.v1', 'calls.call.cancelled.v1'];
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

interface Seen {
  topic: string;
  envelope: EventEnvelope<any>;
}

/**
 * The calls service on the real servers: the gateway (which issues tokens) and calls, each its own
 * process, with their own fresh databases, a Kafka namespace and a BullMQ prefix of their own.
 */
describe('calls: the full life of an open call, scheduled to the second', () => {
  const ns = testNamespace('calls');
  const dbs = {} as Record<'gateway' | 'calls', TestDatabase>;
  let platform: Platform;
  let client: PlatformClient;
  let officer: Actor;
  let applicant: Actor;
  let observer: KafkaBus;
  let redis: IORedis;
  const seen: Seen[] = [];
  const lateness: string[] = [];
  const seeds: Record<'essay' | 'makers' | 'eea', { id: string; programmeId: string }> = {} as never;

  const query = async <T = any>(sql: string, params: unknown[] = []): Promise<T[]> => {
    const c = new Client({ connectionString: dbs.calls.url });
    await c.connect();
    try {
      return (await c.query(sql, params)).rows;
    } finally {
      await c.end();
    }
  };
  const eventsOf = (topic: string, callId: string) => seen.filter((s) => s.topic === topic && s.envelope.aggregateId === callId).map((s) => s.envelope);
  const waitForEvent = (topic: string, callId: string, count = 1) =>
    waitFor(`${count} × ${topic} for ${callId} on Kafka`, async () => {
      const found = eventsOf(topic, callId);
      return found.length >= count && found;
    });
  const create = (body: Body) => client.expect('POST', '/calls', 201, body, officer.auth);
  const publish = (id: string) => client.expect('POST', `/calls/${id}/publish`, 200, undefined, officer.auth);
  /** What a supervisor does for a service that exits while booting: start it again, a few times. */
  async function retry(what: string, fn: () => Promise<void>, attempts = 3): Promise<void> {
    for (let i = 1; ; i++) {
      try {
        return await fn();
      } catch (err) {
        if (i >= attempts) throw err;
        process.stderr.write(`${what} failed (attempt ${i}/${attempts}), retrying: ${(err as Error).message.split('\n')[0]}\n`);
        await sleep(1000);
      }
    }
  }
  const startService = (s: ServiceName) => retry(`starting ${s}`, () => platform.services[s].start());
  const unique = (label: string) => `${label}-${randomUUID().slice(0, 8).toUpperCase()}`;

  beforeAll(async () => {
    dbs.gateway = await createEmptyTestDatabase('calls_gateway');
    dbs.calls = await createEmptyTestDatabase('calls_calls');
    platform = new Platform({
      basePort: Number(process.env.CALLS_IT_BASE_PORT ?? 4300),
      only: ['gateway', 'calls'],
      databaseUrls: Object.fromEntries(SERVICE_NAMES.map((s) => [s, s === 'gateway' ? dbs.gateway.url : dbs.calls.url])) as Record<ServiceName, string>,
      env: { KAFKA_NAMESPACE: ns, LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn', JOB_RECONCILE_INTERVAL_MS: '200' },
      logDir: resolve(REPO_ROOT, '.cache/test-logs', ns),
    });
    // A leftover or foreign process on our ports would answer the readiness probe in our stead.
    for (const s of platform.started) {
      const busy = await fetch(`${platform.services[s].url}/health/live`).then(() => true, () => false);
      if (busy) throw new Error(`port ${platform.services[s].port} is already in use: refusing to test against someone else's ${s}`);
    }
    // Topics exist before the services boot: kafkajs' createTopics sometimes fails on a busy broker
    // ("does not host this topic-partition" while it waits for leaders), which would stop the boot.
    const topicAdmin = new KafkaBus({ clientId: 'calls-int-topics', brokers: KAFKA_BROKERS, namespace: ns });
    const topics = [...TOPICS, 'evaluation.results.published.v1', 'identity.user.registered.v1', 'identity.password-reset.requested.v1'];
    await retry('creating the topics', () => topicAdmin.ensureTopics([...topics, ...topics.map((t) => `${t}.dlq`)], 3));
    await topicAdmin.close();
    for (const s of platform.started) await startService(s);
    client = new PlatformClient(`${platform.gatewayUrl}/api`);
    const admin = await client.admin();
    officer = await client.staff(admin, ['PROGRAMME_OFFICER']);
    applicant = await client.applicant('Ана Петровска');
    redis = new IORedis(REDIS_URL);
    observer = new KafkaBus({ clientId: 'calls-int-observer', brokers: KAFKA_BROKERS, namespace: ns });
    const sub = await observer.subscribe({
      groupId: 'observer',
      topics: TOPICS,
      onMessage: async (m) => void seen.push({ topic: m.topic, envelope: JSON.parse(m.value ?? '{}') }),
    });
    await sub.ready;
  });

  afterAll(async () => {
    if (lateness.length) process.stdout.write(`\nmeasured status-change lateness:\n  ${lateness.join('\n  ')}\n`);
    await platform?.stop();
    await observer?.close();
    const bus = new KafkaBus({ clientId: 'calls-int-cleanup', brokers: KAFKA_BROKERS, namespace: ns });
    const topics = await bus.listTopics().catch(() => []);
    if (topics.length) await bus.deleteTopics(topics).catch(() => undefined);
    await bus.close();
    if (redis) {
      const keys = await redis.keys(`${ns}*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    }
    await dbs.calls?.drop();
    await dbs.gateway?.drop();
  });

  it('creates the three seed calls of SCENARIOS.md through HTTP, each in its programme, and publishes them', async () => {
    const now = Date.now();
    const programmes = {
      essay: await client.expect('POST', '/calls/programmes', 201, FMZ_PROGRAMME, officer.auth),
      makers: await client.expect('POST', '/calls/programmes', 201, MAKERS_PROGRAMME, officer.auth),
      eea: await client.expect('POST', '/calls/programmes', 201, EEA_PROGRAMME, officer.auth),
    };
    expect(programmes.essay.name).toBe(FMZ_PROGRAMME.name);
    const bodies = {
      // Opens the moment it is published.
      essay: essayContest('ON_PUBLICATION', iso(now + 30 * DAY), { programmeId: programmes.essay.id }),
      makers: makersCofunding(iso(now + DAY), iso(now + 45 * DAY), { programmeId: programmes.makers.id }),
      eea: eeaNgoGrant(iso(now + 2 * DAY), iso(now + 60 * DAY), { programmeId: programmes.eea.id }),
    };
    for (const key of ['essay', 'makers', 'eea'] as const) {
      const draft = await create(bodies[key]);
      expect(draft.status).toBe('DRAFT');
      expect(draft.texts).toEqual(bodies[key].texts);
      seeds[key] = { id: draft.id, programmeId: programmes[key].id };
    }
    const essay = await publish(seeds.essay.id);
    const makers = await publish(seeds.makers.id);
    const eea = await publish(seeds.eea.id);
    expect([essay.status, makers.status, eea.status]).toEqual(['OPEN', 'SCHEDULED', 'SCHEDULED']);
    expect(essay.texts.mk.title).toBe(ESSAY_TITLE_MK);
    expect(essay.awardRules.prizesMinor).toEqual(['3000000', '2000000', '1000000']);
    expect(makers.eligibility.partnerMunicipalities).toEqual(MAKERS_MUNICIPALITIES);
    expect(makers.awardRules.minAwards).toBeGreaterThanOrEqual(8);
    expect(eea.paymentPolicy.tranches).toHaveLength(2);
    expect(eea.eligibility.requestedAmount.maxMinor).toBe('1774080');

    // Each publication is on Kafka with the full snapshot; the essay call also opened at once.
    const [published] = await waitForEvent('calls.call.published.v1', seeds.makers.id);
    expect(published.payload).toMatchObject({
      callId: seeds.makers.id,
      kind: 'LOCAL_INITIATIVE_COFUNDING',
      currency: 'USD',
      budgetMinor: '20000000',
      version: 1,
      programmeId: seeds.makers.programmeId,
      eligibility: { partnerMunicipalities: MAKERS_MUNICIPALITIES, minCoFundingPercent: 20 },
      awardRules: { mode: 'POOL', minAwards: 8 },
    });
    expect(published.actorId).toBe(officer.id);
    await waitForEvent('calls.call.published.v1', seeds.essay.id);
    await waitForEvent('calls.call.published.v1', seeds.eea.id);
    const [opened] = await waitForEvent('calls.call.opened.v1', seeds.essay.id);
    expect(opened.payload.openedAt).toBe(essay.openedAt);

    // Opening and closing are scheduled in PostgreSQL with deterministic ids.
    const jobs = await query(`SELECT id, name, run_at, status FROM scheduled_job WHERE payload->>'callId' = $1 ORDER BY id`, [seeds.makers.id]);
    expect(jobs.map((j) => [j.id, j.name, j.run_at.toISOString(), j.status])).toEqual([
      [`call-close-${seeds.makers.id}`, 'close', makers.closesAt, 'PENDING'],
      [`call-open-${seeds.makers.id}`, 'open', makers.opensAt, 'PENDING'],
    ]);
    // Every state change is in the audit log, with who did it.
    const audit = await query(`SELECT action, actor_id FROM audit_log WHERE entity_id = $1 ORDER BY id`, [seeds.eea.id]);
    expect(audit).toEqual([
      { action: 'call.created', actor_id: officer.id },
      { action: 'call.published', actor_id: officer.id },
    ]);

    // The programme's calls may not exceed its budget: USD 425,000 − 200,000 leaves 225,000.
    const rollup = await client.expect('GET', `/calls/programmes/${seeds.makers.programmeId}`, 200, undefined, officer.auth);
    expect(rollup).toMatchObject({ budgetMinor: '42500000', committedMinor: '20000000', remainingMinor: '22500000' });
    const tooBig = await create(
      makersCofunding(iso(now + DAY), iso(now + 45 * DAY), {
        referenceCode: 'MAKERS-LI-2022',
        programmeId: seeds.makers.programmeId,
        budgetMinor: '25000000',
        awardRules: { mode: 'POOL', poolMinor: '25000000', maxPerAwardMinor: '2000000', minAwards: 8, reserveListLength: 4 },
      }),
    );
    const refused = await client.call('POST', `/calls/${tooBig.id}/publish`, undefined, officer.auth);
    expect(refused.status).toBe(422);
    expect(refused.body.problems).toEqual([{ field: 'budgetMinor', code: 'EXCEEDS_AVAILABLE', params: { available: '22500000' }, reason: "250000.00 USD exceeds what is left of the programme's budget: 225000.00 USD" }]);
  });

  it('refuses to publish an invalid call with every problem and its field path at once; the call stays a draft', async () => {
    const now = Date.now();
    const body = essayContest(iso(now - 3_600_000), iso(now - 7_200_000), {
      referenceCode: unique('BAD'),
      currency: 'XYZ',
      budgetMinor: '5000000',
      timeZone: 'Europe/Atlantis',
    });
    body.rubric.criteria[0].weightPercent = 20;
    delete body.appealWindowDays;
    delete body.texts.mk.summary;
    const draft = await create(body);
    const r = await client.call('POST', `/calls/${draft.id}/publish`, undefined, officer.auth);
    expect(r.status).toBe(422);
    expect(r.body.error).toBe('CALL.INVALID');
    const problems: { field: string; reason: string }[] = r.body.problems;
    const reasons = (field: string) => problems.filter((p) => p.field === field).map((p) => p.reason);
    expect(reasons('rubric.criteria')).toEqual(['the weights sum to 90, not 100']);
    expect(reasons('awardRules.prizesMinor')).toEqual(['the prizes total 6000000 minor units, more than the budget 5000000 minor units']);
    expect(reasons('opensAt')).toEqual([expect.stringMatching(/is in the past/)]);
    expect(reasons('closesAt')).toEqual([expect.stringMatching(/is in the past/), 'the call must close after it opens']);
    expect(reasons('currency')).toEqual(['XYZ is not an ISO 4217 currency']);
    expect(reasons('timeZone')).toEqual([expect.stringMatching(/not an IANA time zone/)]);
    expect(reasons('texts.mk.summary')).toEqual(['the default language needs a summary']);
    expect(reasons('appealWindowDays')).toHaveLength(1);
    expect(problems).toHaveLength(9);

    // Nothing changed: still a draft, nothing announced, nothing scheduled.
    const after = await client.expect('GET', `/calls/${draft.id}`, 200, undefined, officer.auth);
    expect(after.status).toBe('DRAFT');
    expect(after.publishedAt).toBeNull();
    expect(await query(`SELECT 1 FROM outbox_message WHERE message_key = $1`, [draft.id])).toEqual([]);
    expect(await query(`SELECT 1 FROM scheduled_job WHERE payload->>'callId' = $1`, [draft.id])).toEqual([]);
    const check = await client.expect('GET', `/calls/${draft.id}/publication-check`, 200, undefined, officer.auth);
    expect(check.problems).toEqual(problems);

    // A malformed body is a 400 naming the fields, before anything is stored.
    const malformed = await client.call(
      'POST',
      '/calls',
      { ...essayContest('ON_PUBLICATION', iso(now + DAY)), referenceCode: unique('SHAPE'), rubric: { criteria: [{ id: 'x', weightPercent: 'lots' }] }, surprise: 1 },
      officer.auth,
    );
    expect(malformed.status).toBe(400);
    expect(malformed.body.problems.map((p: { field: string }) => p.field)).toEqual(
      expect.arrayContaining(['surprise', 'rubric.criteria[0].weightPercent', 'rubric.criteria[0].maxScore', 'rubric.passMark']),
    );

    // Fixed in the draft, it publishes.
    const fixed = essayContest(iso(now + 3_600_000), iso(now + 2 * DAY));
    const patched = await client.expect(
      'PATCH',
      `/calls/${draft.id}`,
      200,
      { currency: 'MKD', budgetMinor: fixed.budgetMinor, timeZone: fixed.timeZone, opensAt: fixed.opensAt, closesAt: fixed.closesAt, rubric: fixed.rubric, texts: fixed.texts, appealWindowDays: 8 },
      officer.auth,
    );
    expect(patched.status).toBe('DRAFT');
    expect((await publish(draft.id)).status).toBe('SCHEDULED');
    expect((await client.call('PATCH', `/calls/${draft.id}`, { funder: 'x' }, officer.auth)).status).toBe(409);
  });

  it('amends a published call only forward: a shortened deadline is refused; each amendment is a version with a reason on Kafka', async () => {
    const id = seeds.essay.id;
    const before = await client.expect('GET', `/calls/${id}`, 200, undefined, officer.auth);
    expect(before.status).toBe('OPEN');
    const shorter = await client.call('POST', `/calls/${id}/amendments`, { reason: 'close earlier', closesAt: iso(new Date(before.closesAt).getTime() - DAY) }, officer.auth);
    expect(shorter.status).toBe(422);
    expect(shorter.body.error).toBe('CALL.DEADLINE_SHORTENED');
    expect(shorter.body.problems).toEqual([{ field: 'closesAt', code: 'MIN', params: { min: expect.any(String) }, reason: expect.stringMatching(/can only be extended, never shortened/) }]);
    const unchanged = await client.expect('GET', `/calls/${id}`, 200, undefined, officer.auth);
    expect([unchanged.closesAt, unchanged.version, unchanged.status]).toEqual([before.closesAt, 1, 'OPEN']);

    const later = iso(new Date(before.closesAt).getTime() + 7 * DAY);
    const extended = await client.expect('POST', `/calls/${id}/amendments`, 201, { reason: 'Schools asked for another week', closesAt: later, expectedVersion: 1 }, officer.auth);
    expect(extended).toMatchObject({ version: 2, closesAt: later, amendment: { version: 2, changes: [{ type: 'DEADLINE_EXTENDED', from: before.closesAt, to: later }] } });
    // The closing moved with the deadline, in the same transaction.
    const [close] = await query(`SELECT run_at, status FROM scheduled_job WHERE id = $1`, [`call-close-${id}`]);
    expect([close.run_at.toISOString(), close.status]).toEqual([later, 'PENDING']);

    const bs = { title: 'Moj sugrađanin iz susjedne ulice', summary: 'Konkurs za esej za srednjoškolce: tri nagrade.' };
    const texts = await client.expect(
      'POST',
      `/calls/${id}/amendments`,
      201,
      { reason: 'Bosnian translation; Albanian summary corrected', texts: { bs, sq: { ...before.texts.sq, summary: 'Konkurs eseje për nxënës të shkollave të mesme: tre çmime.' } } },
      officer.auth,
    );
    expect(texts.version).toBe(3);
    expect(texts.amendment.changes).toEqual([
      { type: 'LANGUAGE_ADDED', language: 'bs' },
      { type: 'TEXT_CORRECTED', language: 'sq' },
    ]);
    const stale = await client.call('POST', `/calls/${id}/amendments`, { reason: 'late edit', closesAt: iso(new Date(later).getTime() + DAY), expectedVersion: 2 }, officer.auth);
    expect(stale.status).toBe(409);

    const amended = await waitForEvent('calls.call.amended.v1', id, 2);
    expect(amended.map((e) => e.payload.version)).toEqual([2, 3]);
    expect(amended[0].payload).toMatchObject({ reason: 'Schools asked for another week', snapshot: { closesAt: later, version: 2, texts: { mk: { title: ESSAY_TITLE_MK } } } });
    expect(amended[1].payload.snapshot.texts.bs).toEqual(bs);
    const { versions } = await client.expect('GET', `/calls/${id}/versions`, 200, undefined, officer.auth);
    expect(versions.map((v: { version: number; reason: string }) => [v.version, v.reason])).toEqual([
      [1, 'published'],
      [2, 'Schools asked for another week'],
      [3, 'Bosnian translation; Albanian summary corrected'],
    ]);
    // A draft is edited, not amended.
    const draft = await create(essayContest('ON_PUBLICATION', iso(Date.now() + DAY), { referenceCode: unique('DRAFT') }));
    expect((await client.call('POST', `/calls/${draft.id}/amendments`, { reason: 'too soon', closesAt: iso(Date.now() + 2 * DAY) }, officer.auth)).status).toBe(409);
  });

  /** Publishes a call opening in 2 s and closing in 4 s; returns its id and instants. */
  async function publishShortCall(label: string) {
    const t0 = Date.now();
    const body = essayContest(iso(t0 + 2000), iso(t0 + 4000), { referenceCode: unique(label) });
    const draft = await create(body);
    const published = await publish(draft.id);
    expect(published.status).toBe('SCHEDULED');
    return { id: draft.id as string, opensAt: new Date(published.opensAt), closesAt: new Date(published.closesAt) };
  }

  const statusRow = async (id: string) =>
    (await query<{ status: string; opened_at: Date | null; closed_at: Date | null }>(`SELECT status, opened_at, closed_at FROM call WHERE id = $1`, [id]))[0];

  /** Status-change instants from the database and from the events on Kafka, which must agree. */
  async function expectOpenedAndClosed(id: string, opensAt: Date, closesAt: Date, label: string, closeBound?: { startedAt: number; readyAt: number }) {
    const row = await waitFor('CLOSED', async () => {
      const r = await statusRow(id);
      return r.status === 'CLOSED' && r;
    }, { timeoutMs: 20_000, intervalMs: 20 });
    const openLate = row.opened_at!.getTime() - opensAt.getTime();
    const closeLate = row.closed_at!.getTime() - closesAt.getTime();
    lateness.push(`${label}: opened +${openLate} ms, closed +${closeLate} ms${closeBound ? ` — ${row.closed_at!.getTime() - closeBound.startedAt} ms after the process was started again, ${row.closed_at!.getTime() - closeBound.readyAt} ms after it reported ready` : ''}`);
    // The scheduler may wake up to 5 ms early by design (it re-delays); never more.
    expect(openLate).toBeGreaterThanOrEqual(-5);
    expect(openLate).toBeLessThan(1000);
    expect(closeLate).toBeGreaterThanOrEqual(-5);
    if (closeBound) expect(row.closed_at!.getTime() - closeBound.readyAt).toBeLessThan(1000);
    else expect(closeLate).toBeLessThan(1000);
    const [opened] = await waitForEvent('calls.call.opened.v1', id);
    const [closed] = await waitForEvent('calls.call.closed.v1', id);
    expect(new Date(opened.payload.openedAt).getTime()).toBe(row.opened_at!.getTime());
    expect(new Date(closed.payload.closedAt).getTime()).toBe(row.closed_at!.getTime());
    expect(closed.payload).toMatchObject({ callId: id, closesAt: closesAt.toISOString() });
    // Exactly once each, audited as the scheduler's doing.
    expect(eventsOf('calls.call.opened.v1', id)).toHaveLength(1);
    expect(eventsOf('calls.call.closed.v1', id)).toHaveLength(1);
    const audit = await query(`SELECT action, actor_id, after FROM audit_log WHERE entity_id = $1 AND action IN ('call.opened', 'call.closed') ORDER BY id`, [id]);
    expect(audit.map((a) => [a.action, a.actor_id, a.after.status])).toEqual([
      ['call.opened', 'system:scheduler', 'OPEN'],
      ['call.closed', 'system:scheduler', 'CLOSED'],
    ]);
    const jobs = await query(`SELECT status FROM scheduled_job WHERE payload->>'callId' = $1`, [id]);
    expect(jobs.map((j) => j.status)).toEqual(['DONE', 'DONE']);
  }

  it('opens at 2 s and closes at 4 s, each within 1 s of its instant', async () => {
    const { id, opensAt, closesAt } = await publishShortCall('TIMED');
    const atOpen = await waitFor('OPEN', async () => (await statusRow(id)).status === 'OPEN', { intervalMs: 20 });
    expect(atOpen).toBe(true);
    await expectOpenedAndClosed(id, opensAt, closesAt, 'plain');
  });

  it('keeps both instants when Redis loses every wake-up (FLUSHALL before the opening and again before the closing)', async () => {
    const { id, opensAt, closesAt } = await publishShortCall('FLUSHED');
    await waitFor('the wake-ups in Redis', async () => (await redis.keys(`${ns}grants-calls:*`)).length > 0);
    await redis.flushall();
    await waitFor('OPEN', async () => (await statusRow(id)).status === 'OPEN', { intervalMs: 20, timeoutMs: 10_000 });
    await redis.flushall();
    await expectOpenedAndClosed(id, opensAt, closesAt, 'FLUSHALL twice');
  });

  it('closes at once when the service comes back after being down over the closing instant', async () => {
    const { id, opensAt, closesAt } = await publishShortCall('RESTARTED');
    await waitFor('OPEN', async () => (await statusRow(id)).status === 'OPEN', { intervalMs: 20, timeoutMs: 10_000 });
    await platform.services.calls.stop();
    const waitMs = closesAt.getTime() + 1500 - Date.now();
    if (waitMs > 0) await sleep(waitMs);
    expect((await statusRow(id)).status).toBe('OPEN'); // nobody was awake at the instant
    const startedAt = Date.now();
    await startService('calls');
    const readyAt = Date.now();
    await expectOpenedAndClosed(id, opensAt, closesAt, 'stopped over the closing instant', { startedAt, readyAt });
  });

  it('lists published calls in a public catalogue: filters, search in any script, stable pages, texts exactly as stored', async () => {
    const api = `${platform.gatewayUrl}/api`;
    const list = async (qs: string, headers: Record<string, string> = {}) => {
      const r = await http('GET', `${api}/calls/catalogue${qs}`, undefined, headers); // no token: public
      expect(r.status).toBe(200);
      return r.body as { items: any[]; total: number; page: number; pageSize: number };
    };
    const ids = (r: { items: { id: string }[] }) => r.items.map((i) => i.id);

    for (const q of ['сограѓанин', 'СОГРАЃАНИН', 'Сограѓанин соседната']) {
      const found = await list(`?q=${encodeURIComponent(q)}`);
      expect(ids(found)).toContain(seeds.essay.id);
      const item = found.items.find((i) => i.id === seeds.essay.id);
      expect(item.title).toBe(ESSAY_TITLE_MK);
      expect(Buffer.from(item.title, 'utf8').equals(Buffer.from(ESSAY_TITLE_MK, 'utf8'))).toBe(true);
    }
    for (const qs of ['?q=Trebinje', '?q=trebinje', '?municipality=Trebinje', '?municipality=TREBINJE', '?municipality=istocno%20novo%20sarajevo']) {
      expect([qs, ids(await list(qs))]).toEqual([qs, [seeds.makers.id]]);
    }
    const makers = (await list('?q=Trebinje')).items[0];
    expect(makers.partnerMunicipalities).toEqual(MAKERS_MUNICIPALITIES);
    expect(makers.title).toBe('Javni poziv za sufinansiranje lokalnih inicijativa');
    expect((await list('?q=Mostar%20сограѓанин')).items).toEqual([]);

    // Text stored in decomposed form comes back byte for byte, and is found by the composed spelling.
    const decomposed = 'Inicijativa Krus\u030Cevo — sugrađani';
    const nfd = await create(essayContest('ON_PUBLICATION', iso(Date.now() + 20 * DAY), { referenceCode: unique('NFD'), texts: { ...essayContest('', '').texts, en: { title: decomposed } } }));
    await publish(nfd.id);
    const byNfc = await list(`?q=${encodeURIComponent('Kruševo')}&lang=en`);
    expect(ids(byNfc)).toEqual([nfd.id]);
    expect(byNfc.items[0].title).toBe(decomposed);
    expect(byNfc.items[0].title).not.toBe(decomposed.normalize('NFC'));

    // Filters.
    expect(ids(await list('?kind=NGO_GRANT'))).toEqual([seeds.eea.id]);
    expect(ids(await list('?currency=USD'))).toEqual([seeds.makers.id]);
    expect(ids(await list('?language=bg'))).toEqual([seeds.eea.id]);
    expect(ids(await list('?language=rom'))).toEqual(expect.arrayContaining([seeds.essay.id]));
    expect(ids(await list('?language=rom'))).not.toContain(seeds.makers.id);
    const scheduled = ids(await list('?status=SCHEDULED'));
    expect(scheduled).toEqual(expect.arrayContaining([seeds.makers.id, seeds.eea.id]));
    expect(scheduled).not.toContain(seeds.essay.id);
    const eeaCloses = new Date((await client.expect('GET', `/calls/${seeds.eea.id}`, 200, undefined, officer.auth)).closesAt).getTime();
    expect(ids(await list(`?closingAfter=${encodeURIComponent(iso(eeaCloses - 1000))}`))).toEqual([seeds.eea.id]);
    expect(ids(await list(`?closingBefore=${encodeURIComponent(iso(eeaCloses))}`))).not.toContain(seeds.eea.id);
    expect((await http('GET', `${api}/calls/catalogue?status=DRAFT`)).status).toBe(400);
    expect((await http('GET', `${api}/calls/catalogue?pageSize=1000`)).status).toBe(400);

    // Drafts are never public, in the list or by id.
    const secret = await create(essayContest('ON_PUBLICATION', iso(Date.now() + DAY), { referenceCode: unique('SECRET'), texts: { mk: { title: 'Тајна сограѓанин', summary: 's', body: 'b' } } }));
    const all = await list('?pageSize=100');
    expect(all.items.every((i) => i.status !== 'DRAFT')).toBe(true);
    expect(ids(all)).not.toContain(secret.id);
    expect(ids(await list(`?q=${encodeURIComponent('тајна')}`))).toEqual([]);
    expect((await http('GET', `${api}/calls/catalogue/${secret.id}`)).status).toBe(404);

    // Stable order and pagination: page by page gives the whole list once, in (closesAt, id) order.
    const paged: string[] = [];
    for (let page = 1; page <= all.total; page++) {
      const p = await list(`?pageSize=2&page=${page}`);
      expect(p.total).toBe(all.total);
      paged.push(...ids(p));
      if (p.items.length < 2) break;
    }
    expect(paged).toEqual(ids(all));
    const order = all.items.map((i) => [i.closesAt, i.id]);
    expect(order).toEqual([...order].sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1)));

    // The public view in the requested language, falling back to the default; the deadline in the call's zone.
    const view = async (id: string, qs = '', headers: Record<string, string> = {}) => {
      const r = await http('GET', `${api}/calls/catalogue/${id}${qs}`, undefined, headers);
      expect(r.status).toBe(200);
      return r.body;
    };
    const sr = await view(seeds.makers.id, '?lang=sr');
    expect([sr.language, sr.fallback, sr.title]).toEqual(['sr', false, 'Јавни позив за суфинансирање локалних иницијатива']);
    const hr = await view(seeds.makers.id, '?lang=hr');
    expect([hr.language, hr.requestedLanguage, hr.fallback, hr.title]).toEqual(['bs', 'hr', true, 'Javni poziv za sufinansiranje lokalnih inicijativa']);
    expect(hr.body).toBe(makersCofunding('', '').texts.bs.body);
    const en = await view(seeds.makers.id, '', { 'accept-language': 'de-DE, en;q=0.8' });
    expect(en.language).toBe('en');
    expect(hr.programme).toEqual({ code: MAKERS_PROGRAMME.code, name: MAKERS_PROGRAMME.name, funder: 'UNDP' });
    expect(hr.deadline.timeZone).toBe('Europe/Sarajevo');
    expect(hr.deadline.closesAtLocal).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0[12]:00$/);
    expect(hr.deadline.secondsLeft).toBeGreaterThan(40 * 86_400);
    expect(hr.deadline.timeLeft.days).toBeGreaterThanOrEqual(40);
    const essay = await view(seeds.essay.id, '?lang=bs');
    expect(essay.title).toBe('Moj sugrađanin iz susjedne ulice'); // added by amendment
    expect(essay.amendments.map((a: { version: number }) => a.version)).toEqual([2, 3]);
  });

  it('shows the outcome evaluation publishes: applications, awards and the amount awarded', async () => {
    const [closed] = await query(`SELECT id, reference_code FROM call WHERE status = 'CLOSED' AND reference_code LIKE 'TIMED-%'`);
    const callId: string = closed.id;
    const bus = new KafkaBus({ clientId: 'calls-int-evaluation', brokers: KAFKA_BROKERS, namespace: ns });
    const envelope: EventEnvelope = {
      eventId: randomUUID(),
      type: 'evaluation.results.published',
      version: 1,
      occurredAt: new Date().toISOString(),
      aggregateId: callId,
      correlationId: randomUUID(),
      causationId: null,
      actorId: officer.id,
      payload: {
        callId,
        currency: 'MKD',
        counts: { applications: 6, eligible: 5, ranked: 5, awards: 3, reserve: 2 },
        amountAwardedMinor: '6000000',
        ranking: [
          { position: 1, applicationId: randomUUID(), reference: `${closed.reference_code}-0004`, finalHundredths: 9150, passed: true, outcome: 'AWARDED', awardAmountMinor: '3000000', prizeRank: 1 },
          { position: 2, applicationId: randomUUID(), reference: `${closed.reference_code}-0001`, finalHundredths: 8800, passed: true, outcome: 'AWARDED', awardAmountMinor: '2000000', prizeRank: 2 },
          { position: 3, applicationId: randomUUID(), reference: `${closed.reference_code}-0006`, finalHundredths: 8800, passed: true, outcome: 'AWARDED', awardAmountMinor: '1000000', prizeRank: 3 },
          { position: 4, applicationId: randomUUID(), reference: `${closed.reference_code}-0002`, finalHundredths: 7000, passed: true, outcome: 'RESERVE' },
          { position: 5, applicationId: randomUUID(), reference: `${closed.reference_code}-0003`, finalHundredths: 6100, passed: true, outcome: 'RESERVE' },
        ],
        publishedAt: new Date().toISOString(),
      },
    };
    // Delivered twice (a redelivery): one effect.
    await bus.publish([{ topic: 'evaluation.results.published.v1', key: callId, value: JSON.stringify(envelope) }]);
    await bus.publish([{ topic: 'evaluation.results.published.v1', key: callId, value: JSON.stringify(envelope) }]);
    await bus.close();
    const officerView = await waitFor('the outcome in calls', async () => {
      const r = await client.expect('GET', `/calls/${callId}`, 200, undefined, officer.auth);
      return r.outcome && r.status === 'RESULTS_PUBLISHED' && r;
    });
    expect(officerView.status).toBe('RESULTS_PUBLISHED');
    expect(officerView.outcome).toMatchObject({ applications: 6, awards: 3, amountAwardedMinor: '6000000', currency: 'MKD', reserve: 2 });
    const pub = await http('GET', `${platform.gatewayUrl}/api/calls/catalogue/${callId}`);
    expect(pub.body.outcome).toEqual(officerView.outcome);
    expect(JSON.stringify(pub.body)).not.toContain('applicationId');
    const full = await client.expect('GET', `/calls/${callId}/outcome`, 200, undefined, officer.auth);
    expect(full.outcome.ranking).toHaveLength(5);
    await sleep(500);
    const transitions = await query(`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = $1 AND action = 'call.results-published'`, [callId]);
    expect(transitions[0].n).toBe(1);
    expect((await client.expect('POST', `/calls/${callId}/archive`, 200, undefined, officer.auth)).status).toBe('ARCHIVED');
  });

  it('cancels a scheduled call: its opening and closing are void, and the cancellation is announced', async () => {
    const t0 = Date.now();
    const draft = await create(essayContest(iso(t0 + 3000), iso(t0 + 5000), { referenceCode: unique('CANCEL') }));
    await publish(draft.id);
    const cancelled = await client.expect('POST', `/calls/${draft.id}/cancel`, 200, { reason: 'The donor withdrew' }, officer.auth);
    expect(cancelled.status).toBe('CANCELLED');
    const [event] = await waitForEvent('calls.call.cancelled.v1', draft.id);
    expect(event.payload).toMatchObject({ previousStatus: 'SCHEDULED', reason: 'The donor withdrew' });
    await sleep(Math.max(0, t0 + 5500 - Date.now()));
    expect((await statusRow(draft.id)).status).toBe('CANCELLED');
    expect((await query(`SELECT status FROM scheduled_job WHERE payload->>'callId' = $1`, [draft.id])).map((j) => j.status)).toEqual(['CANCELLED', 'CANCELLED']);
    expect(eventsOf('calls.call.opened.v1', draft.id)).toEqual([]);
  });

  it('keeps officer routes to officers; the catalogue needs no token', async () => {
    const id = seeds.eea.id;
    expect((await client.call('GET', `/calls/${id}`)).status).toBe(401);
    expect((await client.call('GET', `/calls/${id}`, undefined, applicant.auth)).status).toBe(403);
    expect((await client.call('POST', '/calls', {}, applicant.auth)).status).toBe(403);
    expect((await client.call('POST', `/calls/${id}/amendments`, { reason: 'hack', closesAt: iso(Date.now() + 90 * DAY) }, applicant.auth)).status).toBe(403);
    expect((await client.call('POST', '/calls/programmes', FMZ_PROGRAMME, applicant.auth)).status).toBe(403);
    expect((await client.call('GET', `/calls/catalogue/${id}`)).status).toBe(200);
    // Every published state change reached Kafka through the outbox.
    const unpublished = await query(`SELECT topic FROM outbox_message WHERE published_at IS NULL`);
    expect(unpublished).toEqual([]);
    const topics = new Set(seen.map((s) => s.topic));
    for (const t of TOPICS) expect(topics).toContain(t);
  });
});
