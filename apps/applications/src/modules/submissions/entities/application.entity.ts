import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The tables as TypeORM knows them (for the DataSource's metadata); the use cases write SQL
 * directly, in as few statements as the deadline rush allows.
 */
@Entity({ name: 'application' })
export class ApplicationEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column({ name: 'call_id', type: 'uuid' }) callId!: string;
  @Column({ type: 'text', nullable: true }) reference!: string | null;
  @Column({ name: 'applicant_user_id', type: 'uuid', nullable: true }) applicantUserId!: string | null;
  @Column({ type: 'text' }) status!: string;
  @Column({ type: 'text' }) language!: string;
  @Column({ name: 'draft_content', type: 'jsonb' }) draftContent!: Record<string, unknown>;
  @Column({ name: 'review_content', type: 'jsonb', nullable: true }) reviewContent!: Record<string, unknown> | null;
  @Column({ name: 'content_sha256', type: 'char', length: 64, nullable: true }) contentSha256!: string | null;
  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true }) submittedAt!: Date | null;
  @Column({ type: 'integer' }) version!: number;
  @Column({ type: 'integer' }) revision!: number;
}

@Entity({ name: 'applicant_identity' })
export class ApplicantIdentityEntity {
  @PrimaryColumn({ name: 'application_id', type: 'uuid' }) applicationId!: string;
  @Column({ name: 'full_name', type: 'text', nullable: true }) fullName!: string | null;
  @Column({ type: 'text', nullable: true }) email!: string | null;
  @Column({ type: 'text', nullable: true }) school!: string | null;
}
