import { CallPublishedV1, EventEnvelope, parseTopic, Topics } from '@grants/contracts';
import { IncomingMessage, KafkaBus } from '@grants/messaging';
import { randomUUID } from 'node:crypto';

/**
 * The calls service is not started in these suites: its events are published straight into the
 * platform's Kafka namespace, exactly as its outbox relay would (same envelope, same keys).
 */
export function envelope<P extends object>(topic: string, aggregateId: string, payload: P): EventEnvelope<P> {
  const { type, version } = parseTopic(topic);
  return {
    eventId: randomUUID(),
    type,
    version,
    occurredAt: new Date().toISOString(),
    aggregateId,
    correlationId: randomUUID(),
    causationId: null,
    actorId: null,
    payload,
  };
}

export async function publishEvent(bus: KafkaBus, topic: string, aggregateId: string, payload: object): Promise<void> {
  await bus.ensureTopics([topic]);
  await bus.publish([{ topic, key: aggregateId, value: JSON.stringify(envelope(topic, aggregateId, payload)) }]);
}

const MB = 1024 * 1024;
const iso = (ms: number) => new Date(ms).toISOString();
const code = (prefix: string) => `${prefix}-${Math.random().toString(36).slice(2, 7).toUpperCase()}`;

export const MAKERS_MUNICIPALITIES = [
  'Centar Sarajevo', 'Novo Sarajevo', 'Istočno Novo Sarajevo', 'Pale', 'Trebinje', 'Doboj', 'Doboj Istok', 'Brčko',
  'Bijeljina', 'Mostar', 'Bugojno', 'Trnovo (RS)', 'Travnik', 'Novi Travnik',
];

/** The Forum of Small Communities' blind essay contest for secondary-school students (minors). */
export function essayCall(o: { closesAt?: number; opensAt?: number } & Partial<Omit<CallPublishedV1, 'closesAt' | 'opensAt'>> = {}): CallPublishedV1 {
  const { closesAt, opensAt, ...rest } = o;
  return {
    callId: randomUUID(),
    referenceCode: code('FMZ-ESSAY'),
    kind: 'ESSAY_CONTEST',
    currency: 'MKD',
    budgetMinor: '6000000',
    opensAt: iso(opensAt ?? Date.now() - 3_600_000),
    closesAt: iso(closesAt ?? Date.now() + 3_600_000),
    timeZone: 'Europe/Skopje',
    blindReview: true,
    defaultLanguage: 'mk',
    texts: { mk: { title: 'Мојот сограѓанин од соседната улица' } },
    publishedAt: new Date().toISOString(),
    version: 1,
    status: 'OPEN',
    submissionLanguages: ['mk', 'sq', 'tr', 'rom', 'bs', 'sr', 'rup'],
    eligibility: {
      applicantTypes: ['STUDENT'],
      ageRange: { minAge: 14, maxAge: 19 },
      guardianConsentUnderAge: 18,
      wordLimits: { minWords: 5, maxWords: 1500 },
      onePerApplicant: true,
    },
    form: {
      sections: [
        { key: 'title', required: true },
        { key: 'essay', required: true, maxWords: 1500 },
      ],
      attachments: [{ key: 'guardianConsent', required: false, maxSizeBytes: 5 * MB, allowedTypes: ['application/pdf', 'image/jpeg', 'image/png'] }],
    },
    appealWindowDays: 8,
    ...rest,
  };
}

/** MAKERS: co-funding local initiatives with 14 partner municipalities, in USD. */
export function makersCall(o: { closesAt?: number } & Partial<Omit<CallPublishedV1, 'closesAt'>> = {}): CallPublishedV1 {
  const { closesAt, ...rest } = o;
  return {
    callId: randomUUID(),
    referenceCode: code('MAKERS-LI'),
    kind: 'LOCAL_INITIATIVE_COFUNDING',
    currency: 'USD',
    budgetMinor: '20000000',
    opensAt: iso(Date.now() - 3_600_000),
    closesAt: iso(closesAt ?? Date.now() + 3_600_000),
    timeZone: 'Europe/Sarajevo',
    blindReview: false,
    defaultLanguage: 'bs',
    texts: { bs: { title: 'Javni poziv za sufinansiranje lokalnih inicijativa' } },
    publishedAt: new Date().toISOString(),
    version: 1,
    status: 'OPEN',
    submissionLanguages: ['bs', 'sr', 'hr', 'en'],
    eligibility: {
      applicantTypes: ['REGISTERED_ORGANISATION', 'INFORMAL_GROUP'],
      partnershipsAllowed: true,
      partnerMunicipalities: MAKERS_MUNICIPALITIES,
      requestedAmount: { minMinor: '500000', maxMinor: '2000000' },
      minCoFundingPercent: 20,
      onePerApplicant: true,
    },
    form: {
      sections: [
        { key: 'problem', required: true, maxWords: 800 },
        { key: 'activities', required: true },
        { key: 'budgetLines', required: true },
      ],
      attachments: [
        { key: 'municipalityLetter', required: true, maxSizeBytes: 64 * 1024, allowedTypes: ['application/pdf'] },
        {
          key: 'budgetTable',
          required: false,
          maxSizeBytes: 64 * 1024,
          allowedTypes: ['application/pdf', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        },
      ],
    },
    awardRules: { mode: 'POOL', poolMinor: '20000000', maxPerAwardMinor: '2000000', minAwards: 8, reserveListLength: 4 },
    appealWindowDays: 8,
    ...rest,
  };
}

/** EEA NGO programme grant in EUR: partnerships (a lead organisation with partners), 10 months. */
export function eeaCall(o: { closesAt?: number } & Partial<Omit<CallPublishedV1, 'closesAt'>> = {}): CallPublishedV1 {
  const { closesAt, ...rest } = o;
  return {
    callId: randomUUID(),
    referenceCode: code('EEA-NGO-BG'),
    kind: 'NGO_GRANT',
    currency: 'EUR',
    budgetMinor: '35481600',
    opensAt: iso(Date.now() - 3_600_000),
    closesAt: iso(closesAt ?? Date.now() + 3_600_000),
    timeZone: 'Europe/Sofia',
    blindReview: false,
    defaultLanguage: 'bg',
    texts: { bg: { title: 'Гражданско участие в интеграционната политика' } },
    publishedAt: new Date().toISOString(),
    version: 1,
    status: 'OPEN',
    submissionLanguages: ['bg', 'en'],
    eligibility: {
      applicantTypes: ['REGISTERED_ORGANISATION'],
      partnershipsAllowed: true,
      requestedAmount: { minMinor: '500000', maxMinor: '1774080' },
      onePerApplicant: false,
    },
    form: {
      sections: [
        { key: 'summary', required: true, maxWords: 500 },
        { key: 'activities', required: true },
        { key: 'indicators', required: true },
      ],
      attachments: [{ key: 'partnershipAgreement', required: false, maxSizeBytes: 1024 * 1024, allowedTypes: ['application/pdf'] }],
    },
    appealWindowDays: 14,
    ...rest,
  };
}

export const publishCall = (bus: KafkaBus, call: CallPublishedV1) => publishEvent(bus, Topics.CallPublishedV1, call.callId, call);

/** A PDF small enough for any slot: real magic bytes, and a body to hash. */
export { pdf } from '@grants/testing';

/** A Windows executable's first bytes. */
export const exe = () => Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff', 'latin1'), Buffer.alloc(512, 0x41)]);

/** Collects every event on some topics of the platform's namespace, from the beginning. */
export async function collect(bus: KafkaBus, topics: string[]): Promise<{ events: (EventEnvelope & { topic: string })[]; stop(): Promise<void> }> {
  const events: (EventEnvelope & { topic: string })[] = [];
  await bus.ensureTopics(topics);
  const sub = await bus.subscribe({
    groupId: `probe-${randomUUID()}`,
    topics,
    onMessage: async (m: IncomingMessage) => {
      if (m.value) events.push({ ...(JSON.parse(m.value) as EventEnvelope), topic: m.topic });
    },
  });
  await sub.ready;
  return { events, stop: () => sub.close() };
}

/** Uploads a file as the raw request body, as a browser or phone would send it. */
export async function upload(api: string, applicationId: string, key: string, fileName: string, bytes: Buffer, contentType: string, who: { auth: Record<string, string> }) {
  const res = await fetch(`${api}/applications/${applicationId}/attachments?key=${encodeURIComponent(key)}&fileName=${encodeURIComponent(fileName)}`, {
    method: 'POST',
    headers: { ...who.auth, 'content-type': contentType },
    body: bytes,
  });
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body };
}
