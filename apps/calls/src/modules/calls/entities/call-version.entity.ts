import { CallChangeV1, CallPublishedV1 } from '@grants/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Version 1 is the publication; every amendment adds one with its reason and the new snapshot. */
@Entity({ name: 'call_version' })
export class CallVersionEntity {
  @PrimaryColumn({ name: 'call_id', type: 'uuid' }) callId!: string;
  @PrimaryColumn({ type: 'integer' }) version!: number;
  @Column({ type: 'text' }) reason!: string;
  @Column({ type: 'jsonb' }) changes!: CallChangeV1[];
  @Column({ type: 'jsonb' }) snapshot!: CallPublishedV1;
  @Column({ name: 'created_by', type: 'text', nullable: true }) createdBy!: string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
