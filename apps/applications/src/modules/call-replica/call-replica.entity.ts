import { CallPublishedV1 } from '@grants/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'call_replica' })
export class CallReplicaEntity {
  @PrimaryColumn({ name: 'call_id', type: 'uuid' }) callId!: string;
  @Column({ name: 'reference_code', type: 'text' }) referenceCode!: string;
  @Column({ type: 'text' }) kind!: string;
  @Column({ type: 'char', length: 3 }) currency!: string;
  @Column({ name: 'opens_at', type: 'timestamptz' }) opensAt!: Date;
  @Column({ name: 'closes_at', type: 'timestamptz' }) closesAt!: Date;
  @Column({ name: 'time_zone', type: 'text' }) timeZone!: string;
  @Column({ name: 'blind_review', type: 'boolean' }) blindReview!: boolean;
  @Column({ type: 'jsonb' }) snapshot!: CallPublishedV1;
  @Column({ name: 'next_sequence', type: 'integer' }) nextSequence!: number;
  @Column({ type: 'integer' }) version!: number;
  @Column({ type: 'jsonb' }) rules!: Record<string, unknown>;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
