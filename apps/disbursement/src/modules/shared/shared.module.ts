import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { DisbursementConfig } from '../../config/disbursement.config';
import { GrantClosure } from '../grants/grant-closure';
import { GrantPlanner } from '../grants/grant-planner';
import { CrashSwitch } from '../payments/execution/crash-switch';
import { PaymentRecorder } from '../payments/execution/payment-recorder';
import { SepaFileChannel } from '../payments/execution/sepa-file-channel';
import { PgSimulatedBank } from '../payments/providers/pg-simulated-bank';
import { SimulatedBehaviour } from '../payments/providers/simulated-bank';
import { PaymentRequests } from '../payments/use-cases/payment-requests';
import { TrancheReleaser } from '../payments/use-cases/tranche-releaser';

@Injectable()
class BankLifecycle implements OnApplicationShutdown {
  constructor(@Inject(PgSimulatedBank) private readonly bank: PgSimulatedBank) {}
  async onApplicationShutdown(): Promise<void> {
    await this.bank.stop();
  }
}

const SHARED = [GrantClosure, GrantPlanner, PaymentRecorder, SepaFileChannel, PaymentRequests, TrancheReleaser, CrashSwitch];

/** What several features use: the configuration, the bank, the recorder of payment transitions. */
@Global()
@Module({})
export class DisbursementSharedModule {
  static forRoot(config: DisbursementConfig) {
    return {
      module: DisbursementSharedModule,
      providers: [
        { provide: DisbursementConfig, useValue: config },
        {
          provide: PgSimulatedBank,
          useFactory: async () => {
            const defaultBehaviour: SimulatedBehaviour =
              config.SIMULATED_BANK_DEFAULT_BEHAVIOUR === 'REJECT'
                ? { kind: 'REJECT', reason: 'AC04 Closed account number' }
                : { kind: config.SIMULATED_BANK_DEFAULT_BEHAVIOUR as 'CONFIRM' | 'TIME_OUT' | 'ANSWER_TWICE' };
            const bank = new PgSimulatedBank({ url: config.bankDatabaseUrl, answerDelayMs: config.SIMULATED_BANK_ANSWER_DELAY_MS, defaultBehaviour });
            await bank.start();
            return bank;
          },
        },
        BankLifecycle,
        ...SHARED,
      ],
      exports: [DisbursementConfig, PgSimulatedBank, ...SHARED],
    };
  }
}
