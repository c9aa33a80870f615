import { ConfigError, loadServiceConfig } from '@grants/common';
import { DisbursementConfig } from './disbursement.config';

const load = (env: Record<string, string>) => loadServiceConfig('disbursement', 3004, DisbursementConfig, env);

describe('disbursement configuration', () => {
  it('reads per-currency two-approver thresholds as exact minor units', () => {
    const c = load({ PAYMENT_TWO_APPROVER_THRESHOLDS: 'EUR:1000000,MKD:61500000' });
    expect(c.twoApproverThresholds).toEqual({ EUR: 1000000n, MKD: 61500000n });
    expect(load({}).twoApproverThresholds.EUR).toBe(1000000n);
  });

  it('splits the roles: an API process runs no worker, a worker consumes no events', () => {
    expect([load({}).runsWorker, load({}).runsConsumers]).toEqual([true, true]);
    expect([load({ DISBURSEMENT_ROLE: 'api' }).runsWorker, load({ DISBURSEMENT_ROLE: 'api' }).runsConsumers]).toEqual([false, true]);
    expect([load({ DISBURSEMENT_ROLE: 'worker' }).runsWorker, load({ DISBURSEMENT_ROLE: 'worker' }).runsConsumers]).toEqual([true, false]);
  });

  it('keeps the bank in the service database unless told otherwise', () => {
    expect(load({ DATABASE_URL: 'postgres://db/a' }).bankDatabaseUrl).toBe('postgres://db/a');
    expect(load({ DATABASE_URL: 'postgres://db/a', SIMULATED_BANK_DATABASE_URL: 'postgres://bank/b' }).bankDatabaseUrl).toBe('postgres://bank/b');
  });

  it('refuses a bad environment, one line per variable', () => {
    let error: unknown;
    try {
      load({ PAYMENT_TWO_APPROVER_THRESHOLDS: 'EUR=10', PAYMENT_CRASH_AT: 'sometimes', DISBURSEMENT_ROLE: 'both', PAYMENT_CRASH_FRACTION: '2' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const v of ['PAYMENT_TWO_APPROVER_THRESHOLDS="EUR=10"', 'PAYMENT_CRASH_AT="sometimes"', 'DISBURSEMENT_ROLE="both"', 'PAYMENT_CRASH_FRACTION="2"']) {
      expect(message).toContain(v);
    }
  });
});
