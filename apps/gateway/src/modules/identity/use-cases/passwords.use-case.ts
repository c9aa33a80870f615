import { Topics } from '@grants/contracts';
import { appendAudit } from '@grants/database';
import { OutboxWriter } from '@grants/messaging';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { invalidResetToken, wrongCurrentPassword } from '../identity.errors';
import { hashPassword, verifyPassword } from '../password-hasher';
import { newSecret, sha256, UserRow } from '../sessions';
import { normaliseEmail } from './accounts.use-case';

const RESET_TTL_MS = 60 * 60_000;

@Injectable()
export class PasswordsUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly outbox: OutboxWriter,
  ) {}

  async change(userId: string, current: string, next: string): Promise<void> {
    const [user]: UserRow[] = await this.ds.query(`SELECT * FROM user_account WHERE id = $1`, [userId]);
    if (!user || !(await verifyPassword(current, user.password_hash))) throw wrongCurrentPassword();
    const hash = await hashPassword(next);
    await this.ds.transaction((m) => this.setPassword(m, user.id, hash, 'account.password-changed'));
  }

  /** Always the same answer: whether the e-mail has an account is never revealed. */
  async requestReset(emailRaw: string): Promise<void> {
    const [user]: UserRow[] = await this.ds.query(`SELECT * FROM user_account WHERE email = $1 AND status = 'ACTIVE'`, [
      normaliseEmail(emailRaw),
    ]);
    if (!user) return;
    const token = newSecret();
    const expiresAt = new Date(Date.now() + RESET_TTL_MS);
    await this.ds.transaction(async (m) => {
      await m.query(`INSERT INTO password_reset (id, user_id, token_hash, expires_at) VALUES ($1, $2, $3, $4)`, [
        randomUUID(),
        user.id,
        sha256(token),
        expiresAt,
      ]);
      await this.outbox.append(m, {
        topic: Topics.PasswordResetRequestedV1,
        aggregateId: user.id,
        payload: {
          userId: user.id,
          email: user.email,
          preferredLanguage: user.preferred_language,
          resetToken: token,
          expiresAt: expiresAt.toISOString(),
        },
      });
    });
  }

  async confirmReset(token: string, next: string): Promise<void> {
    const hash = await hashPassword(next);
    const ok = await this.ds.transaction(async (m) => {
      const [row] = await m.query(
        `WITH spent AS (
           UPDATE password_reset SET used_at = now()
            WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now() RETURNING user_id)
         SELECT user_id FROM spent`,
        [sha256(token)],
      );
      if (!row) return false;
      await this.setPassword(m, row.user_id, hash, 'account.password-reset');
      return true;
    });
    if (!ok) throw invalidResetToken();
  }

  /** A new password ends every session and lifts a lockout. */
  private async setPassword(m: EntityManager, userId: string, hash: string, action: string): Promise<void> {
    await m.query(
      `UPDATE user_account SET password_hash = $2, password_changed_at = now(), failed_logins = 0, locked_until = NULL WHERE id = $1`,
      [userId, hash],
    );
    await m.query(`UPDATE refresh_token SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [userId]);
    await appendAudit(m, { action, entityType: 'user_account', entityId: userId, after: { sessionsRevoked: true } });
  }
}
