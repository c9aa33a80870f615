import { Role } from '@grants/auth';
import { ApplicantType, Topics } from '@grants/contracts';
import { appendAudit } from '@grants/database';
import { OutboxWriter } from '@grants/messaging';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { emailTaken } from '../identity.errors';
import { hashPassword } from '../password-hasher';

export interface NewAccount {
  email: string;
  password: string;
  displayName: string;
  preferredLanguage: string;
  roles: Role[];
  applicantType?: ApplicantType;
  organisationId?: string;
}

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

/** Creates applicant (self-registered) and staff (admin-created) accounts alike. */
@Injectable()
export class CreateAccountUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute(a: NewAccount): Promise<{ id: string; email: string; roles: Role[] }> {
    const email = normaliseEmail(a.email);
    const passwordHash = await hashPassword(a.password); // outside the transaction: it is slow by design
    return this.ds.transaction(async (m) => {
      const id = randomUUID();
      const inserted: unknown[] = await m.query(
        `INSERT INTO user_account (id, email, password_hash, roles, display_name, organisation_id, preferred_language, applicant_type)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (email) DO NOTHING RETURNING id`,
        [id, email, passwordHash, a.roles, a.displayName, a.organisationId ?? null, a.preferredLanguage, a.applicantType ?? null],
      );
      if (!inserted.length) throw emailTaken();
      await this.recordCreated(m, id, email, a);
      return { id, email, roles: a.roles };
    });
  }

  private async recordCreated(m: EntityManager, id: string, email: string, a: NewAccount): Promise<void> {
    await appendAudit(m, {
      action: 'account.created',
      entityType: 'user_account',
      entityId: id,
      after: { roles: a.roles, applicantType: a.applicantType ?? null, preferredLanguage: a.preferredLanguage },
    });
    await this.outbox.append(m, {
      topic: Topics.UserRegisteredV1,
      aggregateId: id,
      payload: {
        userId: id,
        email,
        displayName: a.displayName,
        roles: a.roles,
        preferredLanguage: a.preferredLanguage,
        ...(a.applicantType ? { applicantType: a.applicantType } : {}),
        ...(a.organisationId ? { organisationId: a.organisationId } : {}),
        registeredAt: new Date().toISOString(),
      },
    });
  }
}
