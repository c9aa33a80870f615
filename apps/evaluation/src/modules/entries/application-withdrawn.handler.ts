import { ApplicationWithdrawnV1, EventEnvelope, Topics } from '@grants/contracts';
import { EventHandler } from '@grants/messaging';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EntrySettlementService } from '../workflow/entry-settlement.service';

/** A withdrawn application leaves the competition: not screened, not staffed, not ranked. */
@Injectable()
export class ApplicationWithdrawnHandler implements EventHandler<ApplicationWithdrawnV1> {
  readonly topic = Topics.ApplicationWithdrawnV1;

  constructor(private readonly settlement: EntrySettlementService) {}

  async handle(e: EventEnvelope<ApplicationWithdrawnV1>, m: EntityManager): Promise<void> {
    const w = e.payload;
    await m.query(
      `INSERT INTO entry_withdrawal (application_id, call_id, withdrawn_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [w.applicationId, w.callId, w.withdrawnAt],
    );
    await this.settlement.entryChanged(m, w.callId, w.applicationId);
  }
}
