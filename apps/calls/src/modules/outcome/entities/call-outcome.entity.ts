import { bigintTransformer } from '@grants/database';
import { RankedResultV1 } from '@grants/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What evaluation published about a call: counts, amounts and the ranking (no personal data). */
@Entity({ name: 'call_outcome' })
export class CallOutcomeEntity {
  @PrimaryColumn({ name: 'call_id', type: 'uuid' }) callId!: string;
  @Column({ name: 'event_id', type: 'uuid' }) eventId!: string;
  @Column({ type: 'char', length: 3 }) currency!: string;
  @Column({ name: 'applications_count', type: 'integer' }) applicationsCount!: number;
  @Column({ name: 'eligible_count', type: 'integer' }) eligibleCount!: number;
  @Column({ name: 'ranked_count', type: 'integer' }) rankedCount!: number;
  @Column({ name: 'awards_count', type: 'integer' }) awardsCount!: number;
  @Column({ name: 'reserve_count', type: 'integer' }) reserveCount!: number;
  @Column({ name: 'amount_awarded_minor', type: 'bigint', transformer: bigintTransformer }) amountAwardedMinor!: bigint;
  @Column({ type: 'jsonb' }) ranking!: RankedResultV1[];
  @Column({ name: 'results_published_at', type: 'timestamptz' }) resultsPublishedAt!: Date;
  @Column({ name: 'received_at', type: 'timestamptz' }) receivedAt!: Date;
}

/** The public summary: how many applied, how many won, how much was awarded. */
export function outcomeSummary(o: CallOutcomeEntity) {
  return {
    applications: o.applicationsCount,
    eligible: o.eligibleCount,
    ranked: o.rankedCount,
    awards: o.awardsCount,
    reserve: o.reserveCount,
    amountAwardedMinor: o.amountAwardedMinor.toString(),
    currency: o.currency,
    resultsPublishedAt: o.resultsPublishedAt.toISOString(),
  };
}
