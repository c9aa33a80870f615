import { EventEnvelope, Topics, UserRegisteredV1 } from '@grants/contracts';
import { EventHandler } from '@grants/messaging';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** Keeps each applicant's registered type (student, organisation, informal group, municipality): nothing else of the account. */
@Injectable()
export class UserRegisteredHandler implements EventHandler<UserRegisteredV1> {
  readonly topic = Topics.UserRegisteredV1;

  async handle(e: EventEnvelope<UserRegisteredV1>, m: EntityManager): Promise<void> {
    const u = e.payload;
    if (!u.roles.includes('APPLICANT')) return;
    await m.query(
      `INSERT INTO applicant_account (user_id, applicant_type, organisation_id, registered_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id) DO UPDATE SET applicant_type = EXCLUDED.applicant_type, organisation_id = EXCLUDED.organisation_id`,
      [u.userId, u.applicantType ?? null, u.organisationId ?? null, u.registeredAt],
    );
  }
}

/** The applicant type an application counts with: the one it states, else the account's. */
export async function withAccountType<T extends { applicantType?: string }>(m: EntityManager, userId: string | null, identity: T): Promise<T> {
  if (identity.applicantType || !userId) return identity;
  const [a] = await m.query(`SELECT applicant_type FROM applicant_account WHERE user_id = $1`, [userId]);
  return a?.applicant_type ? { ...identity, applicantType: a.applicant_type } : identity;
}
