import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'application' })
export class ApplicationEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column({ name: 'call_id', type: 'uuid' }) callId!: string;
  @Column({ type: 'text' }) reference!: string;
  @Column({ name: 'applicant_user_id', type: 'uuid', nullable: true }) applicantUserId!: string | null;
  @Column({ type: 'text' }) status!: string;
  @Column({ type: 'text' }) language!: string;
  @Column({ name: 'review_content', type: 'jsonb' }) reviewContent!: Record<string, unknown>;
  @Column({ name: 'content_sha256', type: 'char', length: 64 }) contentSha256!: string;
  @Column({ name: 'submitted_at', type: 'timestamptz' }) submittedAt!: Date;
}

@Entity({ name: 'applicant_identity' })
export class ApplicantIdentityEntity {
  @PrimaryColumn({ name: 'application_id', type: 'uuid' }) applicationId!: string;
  @Column({ name: 'full_name', type: 'text' }) fullName!: string;
  @Column({ type: 'text' }) email!: string;
}
