import { loadServiceConfig, ServiceConfig } from '@grants/common';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';

export const DISBURSEMENT_SERVICE = 'disbursement';
export const DISBURSEMENT_DEFAULT_PORT = 3004;

export const DISBURSEMENT_ROLES = ['all', 'api', 'worker'] as const;
export type DisbursementRole = (typeof DISBURSEMENT_ROLES)[number];

export const PAYMENT_CRASH_POINTS = ['before-provider', 'after-provider', 'after-record', 'before-ack'] as const;
export type PaymentCrashPoint = (typeof PAYMENT_CRASH_POINTS)[number];

/**
 * Per-currency two-approver thresholds (minor units), "EUR:1000000,MKD:61500000". Amounts strictly
 * above need two distinct approvers; a currency not listed always needs two (see approvalsRequired).
 * Defaults: about EUR 10 000 in each currency the reference programmes use.
 */
const DEFAULT_THRESHOLDS = 'EUR:1000000,BGN:1955800,MKD:61500000,RSD:117000000,BAM:1955800,USD:1100000';

/** What the disbursement service reads from its environment, beyond every service's settings. */
export class DisbursementConfig extends ServiceConfig {
  /**
   * `all`: HTTP, event consumers, payment worker and bank desk in one process (development, demo).
   * `api`: HTTP and consumers only; its payment wake-ups are picked up by a worker's reconciler.
   * `worker`: the payment worker and the simulated bank's desk, no consumers.
   */
  @IsIn(DISBURSEMENT_ROLES) DISBURSEMENT_ROLE: DisbursementRole = 'all';
  /** A payment job holds its job row's transaction while it records in a second one: 2 per job. */
  @Type(() => Number) @IsInt() @Min(4) @Max(500) DATABASE_POOL_SIZE = 24;

  @Matches(/^([A-Z]{3}:\d{1,18})(,[A-Z]{3}:\d{1,18})*$/, { message: 'PAYMENT_TWO_APPROVER_THRESHOLDS must be CUR:minor[,CUR:minor…]' })
  PAYMENT_TWO_APPROVER_THRESHOLDS = DEFAULT_THRESHOLDS;
  @Type(() => Number) @IsInt() @Min(1) @Max(200) PAYMENT_CONCURRENCY = 8;
  @Type(() => Number) @IsInt() @Min(1) @Max(50) PAYMENT_MAX_ATTEMPTS = 5;
  @Type(() => Number) @IsInt() @Min(10) PAYMENT_BACKOFF_MS = 1000;
  /** How long a SENT payment waits for the bank's answer before the worker asks the bank again (and again, each time this passes). */
  @Type(() => Number) @IsInt() @Min(100) PAYMENT_ANSWER_TIMEOUT_MS = 60_000;
  /**
   * Days a SENT payment may go without the bank's answer before it shows FAILED (outcome unknown).
   * Banks answer a transfer in hours or days (a status report, the next statement): until then the
   * payment stays SENT, asked about again every PAYMENT_ANSWER_TIMEOUT_MS. A fraction is allowed (tests).
   */
  @Type(() => Number) @IsNumber() @Min(0.00001) @Max(60) PAYMENT_ANSWER_TIMEOUT_DAYS = 5;
  @Type(() => Number) @IsInt() @Min(50) PAYMENT_SWEEP_INTERVAL_MS = 5_000;

  /** Fault injection for the exactly-once tests: the worker kills itself at this step… */
  @IsOptional() @IsIn(['', ...PAYMENT_CRASH_POINTS]) PAYMENT_CRASH_AT = '';
  /** …for this fraction of the payments reaching it (deterministically: every 1/fraction-th). */
  @Type(() => Number) @IsNumber() @Min(0) @Max(1) PAYMENT_CRASH_FRACTION = 0;

  /** EUR payments go out as SEPA pain.001 files (SEPA_FILE) or through the bank's API like the rest. */
  @IsIn(['SEPA_FILE', 'SIMULATED_BANK']) PAYMENT_EUR_CHANNEL: 'SEPA_FILE' | 'SIMULATED_BANK' = 'SEPA_FILE';
  /** EUR approvals within this delay go out in one file. */
  @Type(() => Number) @IsInt() @Min(0) SEPA_BATCH_DELAY_MS = 2_000;
  @IsString() @Length(1, 70) SEPA_DEBTOR_NAME = 'Grants Platform – programme account';
  @IsString() SEPA_DEBTOR_IBAN = 'BG80BNBG96611020345678';
  @IsOptional() @IsString() SEPA_DEBTOR_BIC = 'BNBGBGSD';
  @IsIn(['UTF8', 'EPC_BASIC_LATIN']) SEPA_CHARSET: 'UTF8' | 'EPC_BASIC_LATIN' = 'UTF8';

  /** The simulated bank's own database (its records live outside the worker); empty: DATABASE_URL. */
  @IsOptional() @Matches(/^(postgres(ql)?:\/\/\S+)?$/, { message: 'SIMULATED_BANK_DATABASE_URL must be a postgres:// URL' })
  SIMULATED_BANK_DATABASE_URL = '';
  @Type(() => Number) @IsInt() @Min(0) SIMULATED_BANK_ANSWER_DELAY_MS = 300;
  @IsIn(['CONFIRM', 'REJECT', 'TIME_OUT', 'ANSWER_TWICE']) SIMULATED_BANK_DEFAULT_BEHAVIOUR = 'CONFIRM';
  @Type(() => Number) @IsInt() @Min(10) SIMULATED_BANK_TICK_MS = 100;

  get bankDatabaseUrl(): string {
    return this.SIMULATED_BANK_DATABASE_URL || this.DATABASE_URL;
  }

  get twoApproverThresholds(): Record<string, bigint> {
    return Object.fromEntries(
      this.PAYMENT_TWO_APPROVER_THRESHOLDS.split(',').map((pair) => {
        const [currency, minor] = pair.split(':');
        return [currency, BigInt(minor)];
      }),
    );
  }

  get runsWorker(): boolean {
    return this.DISBURSEMENT_ROLE !== 'api';
  }

  get runsConsumers(): boolean {
    return this.DISBURSEMENT_ROLE !== 'worker';
  }
}

export const loadDisbursementConfig = (): DisbursementConfig =>
  loadServiceConfig(DISBURSEMENT_SERVICE, DISBURSEMENT_DEFAULT_PORT, DisbursementConfig);
