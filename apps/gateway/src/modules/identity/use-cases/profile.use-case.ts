import { Topics } from '@grants/contracts';
import { appendAudit } from '@grants/database';
import { OutboxWriter } from '@grants/messaging';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { invalidCredentials } from '../identity.errors';
import { UserRow } from '../sessions';

/** The account as its owner sees it (`GET /api/auth/me`). */
export interface Profile {
  id: string;
  email: string;
  displayName: string;
  roles: string[];
  organisationId: string | null;
  preferredLanguage: string;
  applicantType: string | null;
}

type ProfileRow = UserRow & { applicant_type: string | null };

const profileOf = (u: ProfileRow): Profile => ({
  id: u.id,
  email: u.email,
  displayName: u.display_name,
  roles: u.roles,
  organisationId: u.organisation_id,
  preferredLanguage: u.preferred_language,
  applicantType: u.applicant_type,
});

/** A person reads their account and changes what is theirs to change (today: the language). */
@Injectable()
export class ProfileUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly outbox: OutboxWriter,
  ) {}

  async get(userId: string): Promise<Profile> {
    const [u]: ProfileRow[] = await this.ds.query(`SELECT * FROM user_account WHERE id = $1 AND status = 'ACTIVE'`, [userId]);
    if (!u) throw invalidCredentials(); // a token outliving its account
    return profileOf(u);
  }

  /**
   * A new preferred language: stored, audited and announced in one transaction, so that
   * notifications writes in it from the next e-mail on. Choosing the same language again changes
   * nothing and announces nothing.
   */
  async update(userId: string, change: { preferredLanguage?: string }): Promise<Profile> {
    return this.ds.transaction(async (m) => {
      const [u]: ProfileRow[] = await m.query(`SELECT * FROM user_account WHERE id = $1 AND status = 'ACTIVE' FOR UPDATE`, [userId]);
      if (!u) throw invalidCredentials();
      const language = change.preferredLanguage;
      if (language === undefined || language === u.preferred_language) return profileOf(u);
      const changedAt = new Date();
      await m.query(`UPDATE user_account SET preferred_language = $2 WHERE id = $1`, [userId, language]);
      await appendAudit(m, {
        action: 'account.language-changed',
        entityType: 'user_account',
        entityId: userId,
        actorId: userId,
        before: { preferredLanguage: u.preferred_language },
        after: { preferredLanguage: language },
      });
      await this.outbox.append(m, {
        topic: Topics.UserLanguageChangedV1,
        aggregateId: userId,
        payload: { userId, email: u.email, displayName: u.display_name, preferredLanguage: language, changedAt: changedAt.toISOString() },
      });
      return profileOf({ ...u, preferred_language: language });
    });
  }
}
