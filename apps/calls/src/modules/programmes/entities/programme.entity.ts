import { bigintTransformer } from '@grants/database';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A donor-funded programme that re-grants through its calls; their budgets may not exceed its own. */
@Entity({ name: 'programme' })
export class ProgrammeEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column({ type: 'text' }) code!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'text' }) funder!: string;
  @Column({ type: 'char', length: 3 }) currency!: string;
  @Column({ name: 'budget_minor', type: 'bigint', transformer: bigintTransformer }) budgetMinor!: bigint;
  @Column({ name: 'starts_on', type: 'date', nullable: true }) startsOn!: string | null;
  @Column({ name: 'ends_on', type: 'date', nullable: true }) endsOn!: string | null;
  @Column({ name: 'created_by', type: 'text', nullable: true }) createdBy!: string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
