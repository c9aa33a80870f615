import { CallAmendedV1, CallPublishedV1, EventEnvelope, Topics } from '@grants/contracts';
import { EventHandler } from '@grants/messaging';
import { Injectable } from '@nestjs/common';
import { instanceToPlain } from 'class-transformer';
import { EntityManager } from 'typeorm';
import { GrantPlanner } from '../grants/grant-planner';
import { lockGrantAssembly } from './assembly-lock';

/**
 * Keeps the replica of a call (budget, currency, kind, payment policy), newest version wins, and
 * completes the grants whose award arrived before the call did.
 */
async function applySnapshot(m: EntityManager, planner: GrantPlanner, s: CallPublishedV1, version: number): Promise<void> {
  await lockGrantAssembly(m);
  const title = s.texts?.[s.defaultLanguage]?.title ?? Object.values(s.texts ?? {})[0]?.title ?? null;
  await m.query(
    `INSERT INTO call_replica (call_id, reference_code, kind, currency, budget_minor, payment_policy, title, version, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())
     ON CONFLICT (call_id) DO UPDATE SET reference_code = EXCLUDED.reference_code, kind = EXCLUDED.kind, currency = EXCLUDED.currency,
       budget_minor = EXCLUDED.budget_minor, payment_policy = EXCLUDED.payment_policy, title = EXCLUDED.title,
       version = EXCLUDED.version, updated_at = now()
     WHERE call_replica.version <= EXCLUDED.version`,
    [
      s.callId,
      s.referenceCode,
      s.kind,
      s.currency,
      s.budgetMinor,
      s.paymentPolicy ? JSON.stringify(instanceToPlain(s.paymentPolicy)) : null,
      title,
      version,
    ],
  );
  const waiting: { id: string }[] = await m.query(
    `SELECT id FROM grant_account WHERE call_id = $1 AND status IN ('AWAITING_CALL', 'BLOCKED') ORDER BY opened_at, id`,
    [s.callId],
  );
  for (const g of waiting) await planner.plan(m, g.id);
}

@Injectable()
export class CallPublishedHandler implements EventHandler<CallPublishedV1> {
  readonly topic = Topics.CallPublishedV1;
  constructor(private readonly planner: GrantPlanner) {}
  async handle(e: EventEnvelope<CallPublishedV1>, m: EntityManager): Promise<void> {
    await applySnapshot(m, this.planner, e.payload, e.payload.version ?? 1);
  }
}

@Injectable()
export class CallAmendedHandler implements EventHandler<CallAmendedV1> {
  readonly topic = Topics.CallAmendedV1;
  constructor(private readonly planner: GrantPlanner) {}
  async handle(e: EventEnvelope<CallAmendedV1>, m: EntityManager): Promise<void> {
    await applySnapshot(m, this.planner, e.payload.snapshot, e.payload.version);
  }
}
