import { PaymentPolicyInput, planTranches, toBasisPoints, trancheReleasedBy, validatePaymentPolicy } from './tranche-plan';

const EEA_POLICY: PaymentPolicyInput = {
  finalReportRequired: true,
  tranches: [
    { percent: 80, trigger: 'ON_AGREEMENT_SIGNED' },
    { percent: 20, trigger: 'ON_FINAL_REPORT_APPROVED' },
  ],
};

function problemsOf(outcome: ReturnType<typeof validatePaymentPolicy>) {
  if (outcome.ok) throw new Error('expected a refusal');
  return outcome.problems;
}

describe('planTranches', () => {
  it('splits the EEA grant 17 740,80 EUR at 80/20 into 14 192,64 + 3 548,16 EUR', () => {
    const plan = planTranches(EEA_POLICY, { amountMinor: 1774080n, currency: 'EUR' });
    expect(plan).toEqual({
      ok: true,
      value: [
        { sequence: 1, percent: 80, basisPoints: 8000, trigger: 'ON_AGREEMENT_SIGNED', occurrence: 1, amountMinor: 1419264n, currency: 'EUR' },
        { sequence: 2, percent: 20, basisPoints: 2000, trigger: 'ON_FINAL_REPORT_APPROVED', occurrence: 1, amountMinor: 354816n, currency: 'EUR' },
      ],
    });
  });

  it('keeps an odd 33/33/34 split of 100 001 cents exact, the spare cent going to the largest remainder', () => {
    const plan = planTranches(
      {
        finalReportRequired: true,
        tranches: [
          { percent: 33, trigger: 'ON_AGREEMENT_SIGNED' },
          { percent: 33, trigger: 'ON_INTERIM_REPORT_APPROVED' },
          { percent: 34, trigger: 'ON_FINAL_REPORT_APPROVED' },
        ],
      },
      { amountMinor: 100001n, currency: 'EUR' },
    );
    if (!plan.ok) throw new Error(plan.message);
    const amounts = plan.value.map((t) => t.amountMinor);
    expect(amounts).toEqual([33000n, 33000n, 34001n]);
    expect(amounts.reduce((a, b) => a + b, 0n)).toBe(100001n);
  });

  it('accepts percents with two decimals, as the call contract carries them, and splits by basis points', () => {
    const plan = planTranches(
      {
        finalReportRequired: true,
        tranches: [
          { percent: 12.5, trigger: 'ON_AGREEMENT_SIGNED' },
          { percent: 33.33, trigger: 'ON_INTERIM_REPORT_APPROVED' },
          { percent: 54.17, trigger: 'ON_FINAL_REPORT_APPROVED' },
        ],
      },
      { amountMinor: 324490000n, currency: 'MKD' },
    );
    if (!plan.ok) throw new Error(plan.message);
    expect(plan.value.map((t) => t.basisPoints)).toEqual([1250, 3333, 5417]);
    expect(plan.value.map((t) => t.amountMinor)).toEqual([40561250n, 108152517n, 175776233n]);
    expect(plan.value.reduce((a, t) => a + t.amountMinor, 0n)).toBe(324490000n);
  });

  it('reads two-decimal percents exactly (0.29 is 29 basis points, not 28.999…) and refuses a third decimal', () => {
    expect(toBasisPoints(0.29)).toBe(29);
    expect(toBasisPoints(100)).toBe(10000);
    expect(toBasisPoints(12.345)).toBeNull();
    expect(toBasisPoints(Number.NaN)).toBeNull();
    expect(toBasisPoints('12')).toBeNull();
  });

  it('always sums exactly to the award for many awards and policies', () => {
    const policies: PaymentPolicyInput[] = [
      EEA_POLICY,
      { finalReportRequired: false, tranches: [{ percent: 100, trigger: 'ON_AGREEMENT_SIGNED' }] },
      {
        finalReportRequired: true,
        tranches: [
          { percent: 40, trigger: 'ON_AGREEMENT_SIGNED' },
          { percent: 30, trigger: 'ON_INTERIM_REPORT_APPROVED' },
          { percent: 17, trigger: 'ON_INTERIM_REPORT_APPROVED' },
          { percent: 13, trigger: 'ON_FINAL_REPORT_APPROVED' },
        ],
      },
    ];
    for (const policy of policies) {
      for (const amountMinor of [100n, 101n, 999n, 324490000n, 42500000n, 1774080n, 999_999_999_999n]) {
        const plan = planTranches(policy, { amountMinor, currency: 'MKD' });
        if (!plan.ok) throw new Error(plan.message);
        expect(plan.value.reduce((a, t) => a + t.amountMinor, 0n)).toBe(amountMinor);
      }
    }
  });

  it('numbers interim tranches by report and finds the tranche an event releases', () => {
    const plan = planTranches(
      {
        finalReportRequired: true,
        tranches: [
          { percent: 50, trigger: 'ON_AGREEMENT_SIGNED' },
          { percent: 20, trigger: 'ON_INTERIM_REPORT_APPROVED' },
          { percent: 20, trigger: 'ON_INTERIM_REPORT_APPROVED' },
          { percent: 10, trigger: 'ON_FINAL_REPORT_APPROVED' },
        ],
      },
      { amountMinor: 42500000n, currency: 'USD' },
    );
    if (!plan.ok) throw new Error(plan.message);
    expect(trancheReleasedBy(plan.value, 'ON_INTERIM_REPORT_APPROVED', 2)?.sequence).toBe(3);
    expect(trancheReleasedBy(plan.value, 'ON_FINAL_REPORT_APPROVED')?.amountMinor).toBe(4250000n);
    expect(trancheReleasedBy(plan.value, 'ON_INTERIM_REPORT_APPROVED', 3)).toBeUndefined();
  });

  it('refuses an award that is zero, negative or in an unknown currency', () => {
    const zero = planTranches(EEA_POLICY, { amountMinor: 0n, currency: 'EUR' });
    expect(zero).toMatchObject({ ok: false, code: 'DISBURSEMENT.AWARD_INVALID' });
    const bad = planTranches(EEA_POLICY, { amountMinor: -5n, currency: 'EURO' });
    expect(bad.ok ? [] : bad.problems.map((p) => p.field)).toEqual(['award.amountMinor', 'award.currency']);
  });

  it('refuses an award too small to give every tranche at least one minor unit', () => {
    const plan = planTranches(EEA_POLICY, { amountMinor: 1n, currency: 'EUR' });
    expect(plan).toMatchObject({
      ok: false,
      code: 'DISBURSEMENT.TRANCHE_WOULD_BE_EMPTY',
      problems: [{ field: 'tranches[1].percent' }],
    });
  });
});

describe('validatePaymentPolicy', () => {
  it('accepts the EEA policy and a single prize paid on signature', () => {
    expect(validatePaymentPolicy(EEA_POLICY).ok).toBe(true);
    expect(
      validatePaymentPolicy({ finalReportRequired: false, tranches: [{ percent: 100, trigger: 'ON_AGREEMENT_SIGNED' }] }).ok,
    ).toBe(true);
  });

  it('refuses an empty policy', () => {
    expect(problemsOf(validatePaymentPolicy({ finalReportRequired: false, tranches: [] }))).toMatchObject([
      { field: 'tranches', reason: 'at least one tranche is needed' },
    ]);
  });

  it('names every problem at once: bad percentages, unknown trigger, wrong sum', () => {
    const problems = problemsOf(
      validatePaymentPolicy({
        finalReportRequired: true,
        tranches: [
          { percent: 70, trigger: 'ON_AGREEMENT_SIGNED' },
          { percent: 12.345, trigger: 'ON_MIDTERM_VISIT' },
          { percent: 0, trigger: 'ON_FINAL_REPORT_APPROVED' },
        ],
      }),
    );
    expect(problems.map((p) => p.field)).toEqual(['tranches[1].percent', 'tranches[1].trigger', 'tranches[2].percent']);
    expect(problems[1].reason).toMatch(/unknown trigger "ON_MIDTERM_VISIT"/);
  });

  it('refuses percentages that do not sum to 100', () => {
    const problems = problemsOf(
      validatePaymentPolicy({
        finalReportRequired: true,
        tranches: [
          { percent: 80, trigger: 'ON_AGREEMENT_SIGNED' },
          { percent: 30, trigger: 'ON_FINAL_REPORT_APPROVED' },
        ],
      }),
    );
    expect(problems).toEqual([
      { field: 'tranches', code: 'SUM_MISMATCH', params: { expected: 100, actual: 110 }, reason: 'percentages sum to 110, must sum to exactly 100' },
    ]);
  });

  it('refuses a last tranche not released by the final report when a final report is required', () => {
    const problems = problemsOf(
      validatePaymentPolicy({
        finalReportRequired: true,
        tranches: [
          { percent: 80, trigger: 'ON_AGREEMENT_SIGNED' },
          { percent: 20, trigger: 'ON_INTERIM_REPORT_APPROVED' },
        ],
      }),
    );
    expect(problems).toMatchObject([
      {
        field: 'tranches[1].trigger',
        reason: 'a final report is required, so the last tranche must be released by ON_FINAL_REPORT_APPROVED',
      },
    ]);
  });

  it('refuses a tranche waiting for a final report that is not required', () => {
    const problems = problemsOf(
      validatePaymentPolicy({
        finalReportRequired: false,
        tranches: [
          { percent: 50, trigger: 'ON_AGREEMENT_SIGNED' },
          { percent: 50, trigger: 'ON_FINAL_REPORT_APPROVED' },
        ],
      }),
    );
    expect(problems.map((p) => p.field)).toEqual(['tranches[1].trigger']);
  });

  it('refuses tranches out of lifecycle order and once-only triggers used twice', () => {
    const problems = problemsOf(
      validatePaymentPolicy({
        finalReportRequired: true,
        tranches: [
          { percent: 30, trigger: 'ON_INTERIM_REPORT_APPROVED' },
          { percent: 30, trigger: 'ON_AGREEMENT_SIGNED' },
          { percent: 20, trigger: 'ON_FINAL_REPORT_APPROVED' },
          { percent: 20, trigger: 'ON_FINAL_REPORT_APPROVED' },
        ],
      }),
    );
    expect(problems.map((p) => p.field)).toEqual(['tranches[1].trigger', 'tranches[3].trigger']);
    expect(problems[0].reason).toMatch(/cannot come after ON_INTERIM_REPORT_APPROVED/);
    expect(problems[1].reason).toMatch(/only one tranche may use it/);
  });
});
