import { DynamicModule, Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { BOOTSTRAP_ADMIN, BootstrapAdmin, BootstrapAdminAccount } from './bootstrap-admin';
import { IdentityController } from './identity.controller';
import { Sessions } from './sessions';
import { SIGNING_SETTINGS, SigningKeys, SigningSettings } from './signing-keys';
import { CreateAccountUseCase } from './use-cases/accounts.use-case';
import { LOCKOUT_POLICY, LockoutPolicy, LoginUseCase } from './use-cases/login.use-case';
import { PasswordsUseCase } from './use-cases/passwords.use-case';
import { ProfileUseCase } from './use-cases/profile.use-case';
import { RefreshSessionUseCase } from './use-cases/refresh-session.use-case';

export interface IdentityModuleOptions {
  signing: SigningSettings;
  lockout: LockoutPolicy;
  bootstrapAdmin: BootstrapAdmin;
  redisUrl: string;
  /** Prefix of rate-limit keys (isolates test runs on one Redis). */
  namespace: string;
  loginsPerMinutePerAddress: number;
  loginsPerMinutePerAccount: number;
}

type Req = { ip?: string; body?: { email?: unknown } };

@Module({})
export class IdentityModule {
  static register(o: IdentityModuleOptions): DynamicModule {
    return {
      module: IdentityModule,
      imports: [
        // Both limits apply to login and reset requests: one per client address, one per account
        // (so a distributed attack on one account is slowed as much as one client hammering).
        ThrottlerModule.forRoot({
          storage: new ThrottlerStorageRedisService(o.redisUrl),
          throttlers: [
            {
              name: 'address',
              ttl: 60_000,
              limit: o.loginsPerMinutePerAddress,
              getTracker: (req: Req) => `${o.namespace}addr:${req.ip ?? 'unknown'}`,
            },
            {
              name: 'account',
              ttl: 60_000,
              limit: o.loginsPerMinutePerAccount,
              getTracker: (req: Req) =>
                `${o.namespace}acct:${typeof req.body?.email === 'string' ? req.body.email.trim().toLowerCase() : '-'}`,
            },
          ],
        }),
      ],
      controllers: [IdentityController],
      providers: [
        { provide: SIGNING_SETTINGS, useValue: o.signing },
        { provide: LOCKOUT_POLICY, useValue: o.lockout },
        { provide: BOOTSTRAP_ADMIN, useValue: o.bootstrapAdmin },
        SigningKeys,
        Sessions,
        CreateAccountUseCase,
        LoginUseCase,
        RefreshSessionUseCase,
        PasswordsUseCase,
        ProfileUseCase,
        BootstrapAdminAccount,
      ],
    };
  }
}
