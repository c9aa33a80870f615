import { EventEnvelope, parseTopic, Topics } from '@grants/contracts';
import { KafkaBus } from '@grants/messaging';
import {
  Actor,
  createEmptyTestDatabase,
  REDIS_URL,
  startTestPlatform,
  TestDatabase,
  TestPlatform,
  waitFor,
} from '@grants/testing';
import IORedis from 'ioredis';
import { createHash, randomUUID } from 'node:crypto';
import { Client } from 'pg';

/**
 * The gateway and disbursement as real processes on fresh databases, plus the simulated bank's own
 * database (the bank's records live outside every disbursement process), and the people who act:
 * a programme officer, a finance officer who requests, two finance approvers.
 */
export interface DisbursementTest {
  t: TestPlatform;
  bankDb: TestDatabase;
  bus: KafkaBus;
  officer: Actor;
  requester: Actor;
  approverA: Actor;
  approverB: Actor;
  admin: Actor;
  /** Reads disbursement's own database. */
  db<T = any>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Reads the simulated bank's database. */
  bank<T = any>(sql: string, params?: unknown[]): Promise<T[]>;
  stop(): Promise<void>;
}

export async function startDisbursementTest(o: { label: string; basePort: number; env?: Record<string, string> }): Promise<DisbursementTest> {
  const bankDb = await createEmptyTestDatabase(`${o.label}_bank`);
  let t: TestPlatform;
  try {
    t = await startTestPlatform({
      label: o.label,
      // DISBURSEMENT_TEST_BASE_PORT: run a suite on other ports (beside a CI run using the usual ones).
      basePort: Number(process.env.DISBURSEMENT_TEST_BASE_PORT || o.basePort),
      only: ['gateway', 'disbursement'],
      env: {
        SIMULATED_BANK_DATABASE_URL: bankDb.url,
        JOB_RECONCILE_INTERVAL_MS: '300',
        SIMULATED_BANK_ANSWER_DELAY_MS: '100',
        SIMULATED_BANK_TICK_MS: '50',
        // Wide enough for two approvals sent together to share a file on a busy CI machine.
        SEPA_BATCH_DELAY_MS: '1000',
        ...o.env,
      },
    });
  } catch (err) {
    await bankDb.drop();
    throw err;
  }
  const admin = await t.client.admin();
  const officer = await t.client.staff(admin, ['PROGRAMME_OFFICER'], 'Programme officer');
  const requester = await t.client.staff(admin, ['FINANCE_OFFICER'], 'Finance officer');
  const approverA = await t.client.staff(admin, ['FINANCE_APPROVER'], 'Approver Boris');
  const approverB = await t.client.staff(admin, ['FINANCE_APPROVER'], 'Approver Cvetelina');
  const bus = t.bus();
  const bankQuery = async (sql: string, params: unknown[] = []) => {
    const c = new Client({ connectionString: bankDb.url });
    await c.connect();
    try {
      return (await c.query(sql, params)).rows;
    } finally {
      await c.end();
    }
  };
  return {
    t,
    bankDb,
    bus,
    officer,
    requester,
    approverA,
    approverB,
    admin,
    db: (sql, params) => t.query('disbursement', sql, params),
    bank: bankQuery,
    async stop() {
      await t.stop();
      await bankDb.drop();
      const redis = new IORedis(REDIS_URL);
      const keys = await redis.keys(`${t.namespace}*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    },
  };
}

export function envelope<P>(topic: string, aggregateId: string, payload: P): EventEnvelope<P> {
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

/** Publishes events as the other services would, into this run's namespace. */
export async function publish(bus: KafkaBus, events: { topic: string; key: string; payload: object }[]): Promise<void> {
  await bus.publish(events.map((e) => ({ topic: e.topic, key: e.key, value: JSON.stringify(envelope(e.topic, e.key, e.payload)) })));
}

export interface CallFixture {
  callId: string;
  referenceCode: string;
  kind: 'ESSAY_CONTEST' | 'LOCAL_INITIATIVE_COFUNDING' | 'NGO_GRANT';
  currency: string;
  budgetMinor: string;
  title: string;
  language: string;
  tranches: { percent: number; trigger: string }[];
}

/** `calls.call.published.v1` as the calls service writes it (the parts disbursement reads, and the required rest). */
export function callPublished(c: CallFixture, version = 1) {
  const now = Date.now();
  return {
    topic: Topics.CallPublishedV1,
    key: c.callId,
    payload: {
      callId: c.callId,
      referenceCode: c.referenceCode,
      kind: c.kind,
      currency: c.currency,
      budgetMinor: c.budgetMinor,
      opensAt: new Date(now - 30 * 86_400_000).toISOString(),
      closesAt: new Date(now - 86_400_000).toISOString(),
      timeZone: 'Europe/Sofia',
      blindReview: c.kind === 'ESSAY_CONTEST',
      defaultLanguage: c.language,
      texts: { [c.language]: { title: c.title } },
      publishedAt: new Date(now - 30 * 86_400_000).toISOString(),
      version,
      status: 'RESULTS_PUBLISHED',
      paymentPolicy: { tranches: c.tranches },
    },
  };
}

export function callAmended(c: CallFixture, version: number, reason: string) {
  const snapshot = callPublished(c, version).payload;
  return {
    topic: Topics.CallAmendedV1,
    key: c.callId,
    payload: { callId: c.callId, version, reason, changes: [{ type: 'TEXT_CORRECTED', language: c.language }], amendedAt: new Date().toISOString(), snapshot },
  };
}

export function receiptIssued(callId: string, applicationId: string, applicantUserId: string, reference: string) {
  return {
    topic: Topics.ReceiptIssuedV1,
    key: applicationId,
    payload: {
      applicationId,
      callId,
      applicantUserId,
      reference,
      submittedAt: new Date(Date.now() - 10 * 86_400_000).toISOString(),
      contentSha256: createHash('sha256').update(reference).digest('hex'),
    },
  };
}

export function awardGranted(callId: string, applicationId: string, amountMinor: string, currency: string, rank?: number) {
  const awardId = randomUUID();
  return {
    awardId,
    event: {
      topic: Topics.AwardGrantedV1,
      key: awardId,
      payload: { awardId, callId, applicationId, amountMinor, currency, ...(rank ? { rank } : {}) },
    },
  };
}

/** Receipt and award for one applicant; resolves with the grant id once disbursement opened it. */
export async function awardTo(
  d: DisbursementTest,
  call: CallFixture,
  applicant: Actor,
  amountMinor: string,
  opts: { reference?: string; rank?: number; waitFor?: string } = {},
): Promise<{ grantId: string; applicationId: string; awardId: string }> {
  const applicationId = randomUUID();
  const reference = opts.reference ?? `${call.referenceCode}-${applicationId.slice(0, 4).toUpperCase()}`;
  const award = awardGranted(call.callId, applicationId, amountMinor, call.currency, opts.rank);
  await publish(d.bus, [receiptIssued(call.callId, applicationId, applicant.id, reference)]);
  await publish(d.bus, [award.event]);
  const grant = await waitFor(
    `the grant for award ${award.awardId}`,
    async () => {
      const [g] = await d.db(`SELECT id, status, applicant_user_id AS "applicantUserId" FROM grant_account WHERE award_id = $1`, [award.awardId]);
      return g && g.status === (opts.waitFor ?? 'OPEN') && g.applicantUserId && g;
    },
    { timeoutMs: 60_000 },
  );
  return { grantId: grant.id, applicationId, awardId: award.awardId };
}

/** Waits until a payment reaches a status, and returns its view. */
export async function paymentReaches(d: DisbursementTest, paymentId: string, status: string, timeoutMs = 60_000): Promise<any> {
  return waitFor(
    `payment ${paymentId} to be ${status}`,
    async () => {
      const r = await d.t.client.call('GET', `/disbursement/payments/${paymentId}`, undefined, d.requester.auth);
      return r.status === 200 && r.body.status === status && r.body;
    },
    { timeoutMs, intervalMs: 150 },
  );
}

/** Outbox events of a topic for an aggregate (what disbursement published, once each). */
export async function eventsOf(d: DisbursementTest, topic: string, aggregateId?: string): Promise<EventEnvelope<any>[]> {
  const rows = await d.db<{ envelope: EventEnvelope<any> }>(
    `SELECT envelope FROM outbox_message WHERE topic = $1 AND ($2::text IS NULL OR message_key = $2) ORDER BY id`,
    [topic, aggregateId ?? null],
  );
  return rows.map((r) => r.envelope);
}
