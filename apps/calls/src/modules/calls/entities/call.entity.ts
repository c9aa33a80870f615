import { bigintTransformer } from '@grants/database';
import { CallKind } from '@grants/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

export type CallStatus = 'DRAFT' | 'SCHEDULED' | 'OPEN' | 'CLOSED' | 'UNDER_EVALUATION' | 'RESULTS_PUBLISHED' | 'ARCHIVED' | 'CANCELLED';

export interface CallText {
  title: string;
  summary?: string;
}

@Entity({ name: 'call' })
export class CallEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column({ name: 'reference_code', type: 'text' }) referenceCode!: string;
  @Column({ type: 'text' }) kind!: CallKind;
  @Column({ type: 'text' }) status!: CallStatus;
  @Column({ type: 'char', length: 3 }) currency!: string;
  @Column({ name: 'budget_minor', type: 'bigint', transformer: bigintTransformer }) budgetMinor!: bigint;
  @Column({ name: 'opens_at', type: 'timestamptz' }) opensAt!: Date;
  @Column({ name: 'closes_at', type: 'timestamptz' }) closesAt!: Date;
  @Column({ name: 'time_zone', type: 'text' }) timeZone!: string;
  @Column({ name: 'blind_review', type: 'boolean' }) blindReview!: boolean;
  @Column({ name: 'default_language', type: 'text' }) defaultLanguage!: string;
  @Column({ type: 'jsonb' }) texts!: Record<string, CallText>;
  @Column({ type: 'integer' }) version!: number;
  @Column({ name: 'created_by', type: 'text', nullable: true }) createdBy!: string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'published_at', type: 'timestamptz', nullable: true }) publishedAt!: Date | null;
}
