import { CallAmendedV1, CallPublishedV1, EventEnvelope, Topics } from '@grants/contracts';
import { EventHandler } from '@grants/messaging';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** Keeps a call's reference code and titles per language; a newer version replaces an older one, never the reverse. */
async function keepCall(m: EntityManager, c: CallPublishedV1, version: number): Promise<void> {
  const texts = Object.fromEntries(Object.entries(c.texts).map(([lang, t]) => [lang, { title: t.title }]));
  await m.query(
    `INSERT INTO call_info (call_id, reference_code, default_language, texts, version) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (call_id) DO UPDATE SET reference_code = EXCLUDED.reference_code, default_language = EXCLUDED.default_language,
       texts = EXCLUDED.texts, version = EXCLUDED.version, updated_at = now()
     WHERE call_info.version <= EXCLUDED.version`,
    [c.callId, c.referenceCode, c.defaultLanguage, JSON.stringify(texts), version],
  );
}

/** `calls.call.published.v1`: the call's titles, for mails that name the call (assignments, results). */
@Injectable()
export class CallPublishedHandler implements EventHandler<CallPublishedV1> {
  readonly topic = Topics.CallPublishedV1;

  async handle(e: EventEnvelope<CallPublishedV1>, m: EntityManager): Promise<void> {
    await keepCall(m, e.payload, e.payload.version ?? 1);
  }
}

/** `calls.call.amended.v1`: a corrected title or an added language, from the new snapshot. */
@Injectable()
export class CallAmendedHandler implements EventHandler<CallAmendedV1> {
  readonly topic = Topics.CallAmendedV1;

  async handle(e: EventEnvelope<CallAmendedV1>, m: EntityManager): Promise<void> {
    await keepCall(m, e.payload.snapshot, e.payload.version);
  }
}
