import { EventEnvelope, parseTopic } from '@grants/contracts';
import { KafkaBus } from '@grants/messaging';
import { Actor, http, PlatformClient, REDIS_URL, startTestPlatform, TestPlatform, uniqueEmail, waitFor } from '@grants/testing';
import IORedis from 'ioredis';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export interface Delivery {
  id: string;
  eventId: string;
  kind: string;
  aggregateId: string;
  recipientUserId: string | null;
  status: string;
  language: string | null;
  subject: string | null;
}

/** One message as the file transport wrote it: headers unfolded and decoded, the text decoded. */
export interface Mail {
  headers: Record<string, string>;
  subject: string;
  to: string;
  contentLanguage: string;
  body: string;
}

/**
 * The gateway and notifications as real processes (fresh databases, a Kafka namespace and BullMQ
 * prefix of their own). People register through the gateway; the other services' events are
 * published straight into the namespace, as those services would publish them.
 */
export class NotifyPlatform {
  t!: TestPlatform;
  client!: PlatformClient;
  admin!: Actor;
  bus!: KafkaBus;
  mailDir!: string;
  /** Where the mails link to: the run's gateway, which serves the portal. */
  portalUrl!: string;

  async start(o: { label: string; basePort: number }): Promise<void> {
    this.portalUrl = `http://127.0.0.1:${o.basePort}`;
    this.t = await startTestPlatform({
      label: o.label,
      basePort: o.basePort,
      only: ['gateway', 'notifications'],
      env: { KAFKA_TOPIC_PARTITIONS: '3', JOB_RECONCILE_INTERVAL_MS: '2000', PORTAL_URL: this.portalUrl },
    });
    this.client = this.t.client;
    this.mailDir = resolve(this.t.logDir, 'mail');
    this.admin = await this.client.admin();
    this.bus = this.t.bus();
  }

  async stop(): Promise<void> {
    if (!this.t) return;
    await this.t.stop();
    const redis = new IORedis(REDIS_URL);
    try {
      const keys = await redis.keys(`${this.t.namespace}*`);
      if (keys.length) await redis.del(...keys);
    } finally {
      await redis.quit();
    }
  }

  /** A staff account in a language of its own (PlatformClient.staff always uses English). */
  async staff(roles: string[], displayName: string, preferredLanguage: string): Promise<Actor> {
    const email = uniqueEmail(roles[0]);
    const password = `pw-${randomBytes(8).toString('hex')}`;
    await this.client.expect('POST', '/auth/staff', 201, { email, password, displayName, preferredLanguage, roles }, this.admin.auth);
    return this.client.login(email, password);
  }

  /** Publishes an event as its owning service would (envelope, key = aggregate id); returns it for replays. */
  async publish<P extends object>(topic: string, aggregateId: string, payload: P): Promise<EventEnvelope<P>> {
    const { type, version } = parseTopic(topic);
    const envelope: EventEnvelope<P> = {
      eventId: randomUUID(),
      type,
      version,
      occurredAt: new Date().toISOString(),
      aggregateId,
      correlationId: `notify-${randomUUID()}`,
      causationId: null,
      actorId: null,
      payload,
    };
    await this.replay(topic, envelope);
    return envelope;
  }

  /** The very same envelope once more (a redelivery). */
  async replay(topic: string, envelope: EventEnvelope): Promise<void> {
    await this.bus.publish([{ topic, key: envelope.aggregateId, value: JSON.stringify(envelope) }]);
  }

  async deliveries(q: { recipientUserId?: string; aggregateId?: string }): Promise<Delivery[]> {
    const qs = new URLSearchParams(q as Record<string, string>).toString();
    const r = await http('GET', `${this.client.api}/notifications/deliveries?${qs}`, undefined, this.admin.auth);
    if (r.status !== 200) throw new Error(`deliveries: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.deliveries;
  }

  /** Waits until the person has exactly `count` deliveries, all SENT (a slow machine: generous). */
  async sentTo(userId: string, count: number, what = `${count} mails to ${userId}`): Promise<Delivery[]> {
    let last: Delivery[] = [];
    try {
      return await waitFor(
        what,
        async () => {
          last = await this.deliveries({ recipientUserId: userId });
          return last.length === count && last.every((d) => d.status === 'SENT') && last;
        },
        { timeoutMs: 120_000, intervalMs: 250 },
      );
    } catch (err) {
      throw new Error(`${(err as Error).message}\nlast seen: ${JSON.stringify(last.map((d) => [d.kind, d.status, d.language]))}`);
    }
  }

  /** Notifications has applied these events (their ids are in its inbox). */
  async consumed(eventIds: string[]): Promise<void> {
    await waitFor(
      `notifications to consume ${eventIds.length} event(s)`,
      async () => {
        const rows = await this.t.query('notifications', `SELECT count(*)::int AS n FROM inbox_message WHERE event_id = ANY($1::uuid[])`, [eventIds]);
        return rows[0].n === eventIds.length;
      },
      { timeoutMs: 120_000, intervalMs: 250 },
    );
  }

  /** How many events notifications has recognised as already applied (its consumer's metric). */
  async duplicatesSeen(): Promise<number> {
    const text = await (await fetch(`${this.t.platform.services.notifications.url}/metrics`)).text();
    const m = /^kafka_consumer_events\{outcome="duplicate"\} (\d+)/m.exec(text);
    return m ? Number(m[1]) : 0;
  }

  mailFiles(): string[] {
    return existsSync(this.mailDir) ? readdirSync(this.mailDir).filter((f) => f.endsWith('.eml')) : [];
  }

  mail(deliveryId: string): Mail {
    return parseEml(readFileSync(resolve(this.mailDir, `${deliveryId}.eml`), 'utf8'));
  }
}

/** RFC 2047 encoded words (B and Q; adjacent words joined before decoding, as a character may span two). */
export function decodeHeader(value: string): string {
  const parts = value.split(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)/);
  let out = '';
  let bytes: Buffer[] = [];
  const flush = () => {
    if (bytes.length) out += Buffer.concat(bytes).toString('utf8');
    bytes = [];
  };
  for (const part of parts) {
    const m = /^=\?([^?]+)\?([BbQq])\?([^?]*)\?=$/.exec(part);
    if (m) {
      bytes.push(
        m[2].toUpperCase() === 'B'
          ? Buffer.from(m[3], 'base64')
          : Buffer.from(m[3].replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))), 'latin1'),
      );
    } else if (!(bytes.length && /^\s*$/.test(part))) {
      flush();
      out += part;
    }
  }
  flush();
  return out;
}

export function parseEml(raw: string): Mail {
  const split = raw.indexOf('\n\n');
  const head = raw.slice(0, split).replace(/\n[ \t]+/g, ' ');
  const rawBody = raw.slice(split + 2);
  const headers: Record<string, string> = {};
  for (const line of head.split('\n')) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
  }
  const cte = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  const body =
    cte === 'base64'
      ? Buffer.from(rawBody.replace(/\s+/g, ''), 'base64').toString('utf8')
      : cte === 'quoted-printable'
        ? Buffer.from(
            rawBody.replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))),
            'latin1',
          ).toString('utf8')
        : rawBody;
  return {
    headers,
    subject: decodeHeader(headers.subject ?? ''),
    to: headers.to ?? '',
    contentLanguage: headers['content-language'] ?? '',
    body: body.replace(/\r\n/g, '\n').replace(/\n$/, ''),
  };
}
