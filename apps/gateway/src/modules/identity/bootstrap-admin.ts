import { ConflictError } from '@grants/common';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { CreateAccountUseCase } from './use-cases/accounts.use-case';

export const BOOTSTRAP_ADMIN = Symbol('BOOTSTRAP_ADMIN');
export interface BootstrapAdmin {
  email?: string;
  password?: string;
}

/** The first admin, from the environment, so that staff accounts can be created at all. */
@Injectable()
export class BootstrapAdminAccount implements OnApplicationBootstrap {
  private readonly logger = new Logger('BootstrapAdmin');

  constructor(
    private readonly accounts: CreateAccountUseCase,
    @Inject(BOOTSTRAP_ADMIN) private readonly admin: BootstrapAdmin,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { email, password } = this.admin;
    if (!email || !password) return;
    try {
      await this.accounts.execute({ email, password, displayName: 'Administrator', preferredLanguage: 'en', roles: ['ADMIN'] });
      this.logger.log(`created the bootstrap admin account ${email}`);
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err; // already there: nothing to do
    }
  }
}
