import { appendAudit } from '@grants/database';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { invalidCredentials } from '../identity.errors';
import { DUMMY_HASH, verifyPassword } from '../password-hasher';
import { Session, Sessions, UserRow } from '../sessions';
import { normaliseEmail } from './accounts.use-case';

export interface LockoutPolicy {
  threshold: number;
  minutes: number;
}
export const LOCKOUT_POLICY = Symbol('LOCKOUT_POLICY');

@Injectable()
export class LoginUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly sessions: Sessions,
    @Inject(LOCKOUT_POLICY) private readonly lockout: LockoutPolicy,
  ) {}

  async execute(emailRaw: string, password: string): Promise<Session> {
    const email = normaliseEmail(emailRaw);
    const [user]: UserRow[] = await this.ds.query(`SELECT * FROM user_account WHERE email = $1`, [email]);
    // The hash is checked in every case, so an unknown or locked account answers in the same time.
    const ok = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH);
    if (!user || user.status !== 'ACTIVE') throw invalidCredentials();
    return this.ds.transaction(async (m) => {
      const [fresh]: UserRow[] = await m.query(`SELECT * FROM user_account WHERE id = $1 FOR UPDATE`, [user.id]);
      if (fresh.locked_until && fresh.locked_until > new Date()) throw invalidCredentials();
      if (!ok) {
        const failures = fresh.failed_logins + 1;
        const lock = failures >= this.lockout.threshold;
        await m.query(`UPDATE user_account SET failed_logins = $2, locked_until = $3 WHERE id = $1`, [
          user.id,
          lock ? 0 : failures,
          lock ? new Date(Date.now() + this.lockout.minutes * 60_000) : fresh.locked_until,
        ]);
        if (lock) {
          await appendAudit(m, {
            action: 'account.locked',
            entityType: 'user_account',
            entityId: user.id,
            actorId: null,
            after: { reason: `${failures} failed logins`, minutes: this.lockout.minutes },
          });
        }
        return null;
      }
      await m.query(`UPDATE user_account SET failed_logins = 0, locked_until = NULL WHERE id = $1`, [user.id]);
      return this.sessions.issue(m, fresh);
    }).then((session) => {
      if (!session) throw invalidCredentials(); // after the commit: the failure count must stick
      return session;
    });
  }
}
