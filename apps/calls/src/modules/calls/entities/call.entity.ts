import { bigintTransformer } from '@grants/database';
import {
  AwardRulesV1,
  CallEligibilityV1,
  CallFormV1,
  CallKind,
  CallRubricV1,
  CallStatus,
  CallTextV1,
  EvaluationSettingsV1,
  PaymentPolicyV1,
} from '@grants/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CallDraft } from '../domain/call-draft';

export type { CallStatus } from '@grants/contracts';
export type CallText = CallTextV1;

@Entity({ name: 'call' })
export class CallEntity implements CallDraft {
  @PrimaryColumn('uuid') id!: string;
  @Column({ name: 'reference_code', type: 'text' }) referenceCode!: string;
  @Column({ type: 'text' }) kind!: CallKind;
  @Column({ type: 'text' }) status!: CallStatus;
  @Column({ name: 'programme_id', type: 'uuid', nullable: true }) programmeId!: string | null;
  @Column({ type: 'text', nullable: true }) funder!: string | null;
  @Column({ type: 'char', length: 3 }) currency!: string;
  @Column({ name: 'budget_minor', type: 'bigint', transformer: bigintTransformer }) budgetMinor!: bigint;
  /** null while a draft is to open on publication; set when published. */
  @Column({ name: 'opens_at', type: 'timestamptz', nullable: true }) opensAt!: Date | null;
  @Column({ name: 'closes_at', type: 'timestamptz' }) closesAt!: Date;
  @Column({ name: 'time_zone', type: 'text' }) timeZone!: string;
  /** Kept equal to evaluation.blind: the original column that consumers of v1 events know. */
  @Column({ name: 'blind_review', type: 'boolean' }) blindReview!: boolean;
  @Column({ name: 'default_language', type: 'text' }) defaultLanguage!: string;
  @Column({ type: 'jsonb' }) texts!: Record<string, CallTextV1>;
  @Column({ name: 'submission_languages', type: 'text', array: true }) submissionLanguages!: string[];
  @Column({ type: 'jsonb', nullable: true }) eligibility!: CallEligibilityV1 | null;
  @Column({ type: 'jsonb', nullable: true }) form!: CallFormV1 | null;
  @Column({ type: 'jsonb', nullable: true }) rubric!: CallRubricV1 | null;
  @Column({ type: 'jsonb', nullable: true }) evaluation!: EvaluationSettingsV1 | null;
  @Column({ name: 'award_rules', type: 'jsonb', nullable: true }) awardRules!: AwardRulesV1 | null;
  @Column({ name: 'payment_policy', type: 'jsonb', nullable: true }) paymentPolicy!: PaymentPolicyV1 | null;
  @Column({ name: 'appeal_window_days', type: 'integer', nullable: true }) appealWindowDays!: number | null;
  @Column({ type: 'integer' }) version!: number;
  @Column({ name: 'created_by', type: 'text', nullable: true }) createdBy!: string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  @Column({ name: 'published_at', type: 'timestamptz', nullable: true }) publishedAt!: Date | null;
  /** When the status really changed (the scheduled instants are opensAt and closesAt). */
  @Column({ name: 'opened_at', type: 'timestamptz', nullable: true }) openedAt!: Date | null;
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true }) closedAt!: Date | null;
  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true }) cancelledAt!: Date | null;
  @Column({ name: 'cancel_reason', type: 'text', nullable: true }) cancelReason!: string | null;
  /** Folded titles, summaries, code and municipalities (domain/search-text.ts). */
  @Column({ name: 'search_text', type: 'text', select: false }) searchText!: string;
  @Column({ name: 'municipality_keys', type: 'text', array: true, select: false }) municipalityKeys!: string[];
}
