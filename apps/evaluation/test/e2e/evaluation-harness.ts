import { EventEnvelope, parseTopic, Topics } from '@grants/contracts';
import { KafkaBus, Subscription } from '@grants/messaging';
import { Actor, JsonResponse, Platform, PlatformClient, startTestPlatform, TestPlatform, waitFor } from '@grants/testing';
import { createHash, randomUUID } from 'node:crypto';

/** The topics evaluation publishes: everything an evaluator could ever reach through an event. */
export const EVALUATION_TOPICS = [
  Topics.AssignmentCreatedV1,
  Topics.ResultsPublishedV1,
  Topics.AwardGrantedV1,
  Topics.AwardDeclinedV1,
  Topics.AwardRevokedV1,
  Topics.ReservePromotedV1,
  Topics.ResultsAmendedV1,
];

/**
 * Gateway + evaluation on real PostgreSQL and Kafka, each its own process from the build folder
 * (GRANTS_DIST), fresh databases and a topic namespace of their own (startTestPlatform, which also
 * cleans all of it up). The calls and applications services are not started: their events are
 * published straight into the namespace, as those services would publish them. A tap reads every
 * event evaluation publishes, from the beginning.
 */
export class EvaluationHarness {
  private tp!: TestPlatform;
  platform!: Platform;
  client!: PlatformClient;
  bus!: KafkaBus;
  /** Every message on evaluation's topics, from the beginning. */
  readonly events: { topic: string; envelope: EventEnvelope<any> }[] = [];
  private tap?: Subscription;

  constructor(
    private readonly label: string,
    private readonly basePort: number,
  ) {}

  async start(): Promise<void> {
    this.tp = await startTestPlatform({ label: this.label, basePort: this.basePort, only: ['gateway', 'evaluation'], env: { KAFKA_TOPIC_PARTITIONS: '3' } });
    this.platform = this.tp.platform;
    this.client = this.tp.client;
    this.bus = this.tp.bus();
    this.tap = await this.bus.subscribe({
      groupId: `${this.label}-tap-${randomUUID()}`,
      topics: EVALUATION_TOPICS,
      onMessage: async (m) => {
        this.events.push({ topic: m.topic, envelope: JSON.parse(m.value ?? 'null') });
      },
    });
    await this.tap.ready;
  }

  async stop(): Promise<void> {
    await this.tap?.close().catch(() => undefined);
    await this.tp?.stop();
  }

  /** Publishes an event as its owning service would (envelope, key = aggregate id). */
  async publish(topic: string, aggregateId: string, payload: object): Promise<void> {
    const { type, version } = parseTopic(topic);
    const envelope: EventEnvelope = {
      eventId: randomUUID(),
      type,
      version,
      occurredAt: new Date().toISOString(),
      aggregateId,
      correlationId: `${this.label}-${randomUUID()}`,
      causationId: null,
      actorId: null,
      payload,
    };
    await this.bus.publish([{ topic, key: aggregateId, value: JSON.stringify(envelope) }]);
  }

  /** Reads evaluation's own database (assertions only: the service is driven through HTTP and Kafka). */
  query<T = any>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.tp.query<T>('evaluation', sql, params);
  }

  eventsOf(topic: string) {
    return this.events.filter((e) => e.topic === topic).map((e) => e.envelope);
  }

  async waitForEvents(topic: string, count: number, what = topic) {
    return waitFor(`${count} × ${what}`, async () => this.eventsOf(topic).length >= count && this.eventsOf(topic), { timeoutMs: 30_000 });
  }
}

/**
 * An evaluator acting through the gateway with a real token; every answer they get (successes and
 * errors alike) is kept, so a test can scan all of it for applicant identity.
 */
export class EvaluatorSession {
  readonly seen: JsonResponse[] = [];

  constructor(
    readonly client: PlatformClient,
    readonly actor: Actor,
  ) {}

  get id() {
    return this.actor.id;
  }

  async call<T = any>(method: string, path: string, body?: unknown): Promise<JsonResponse<T>> {
    const r = await this.client.call<T>(method, path, body, this.actor.auth);
    this.seen.push(r);
    return r;
  }

  async expect<T = any>(method: string, path: string, status: number, body?: unknown): Promise<T> {
    const r = await this.call<T>(method, path, body);
    if (r.status !== status) throw new Error(`${method} ${path}: expected ${status}, got ${r.status}: ${JSON.stringify(r.body)}`);
    return r.body;
  }
}

export const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/** Which of the secrets occur in the text (case-insensitive for Latin, exact for the rest). */
export function leaks(text: string, secrets: readonly string[]): string[] {
  const hay = text.toLowerCase();
  return secrets.filter((s) => s && hay.includes(s.toLowerCase()));
}
