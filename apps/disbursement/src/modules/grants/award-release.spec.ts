import { planAwardRelease } from './award-release';

describe('planAwardRelease', () => {
  it('rejects what awaits approval, blocks unpaid tranches, flags paid and moving money, releases the rest', () => {
    const plan = planAwardRelease({
      commitmentMinor: 1774080n,
      tranches: [1, 2],
      payments: [
        { id: 'advance', trancheSequence: 1, status: 'PAID', amountMinor: 1419264n },
        { id: 'final', trancheSequence: 2, status: 'PENDING_APPROVAL', amountMinor: 354816n },
        { id: 'old', trancheSequence: 2, status: 'REJECTED', amountMinor: 354816n },
      ],
    });
    expect(plan).toEqual({ reject: ['final'], inFlight: [], paidMinor: 1419264n, recoveryMinor: 1419264n, releaseMinor: 354816n, blockedTranches: [2] });
  });

  it('never stops money that may be moving: it stays committed and is flagged', () => {
    const plan = planAwardRelease({
      commitmentMinor: 1000000n,
      tranches: [1],
      payments: [{ id: 'sent', trancheSequence: 1, status: 'SENT', amountMinor: 1000000n }],
    });
    expect(plan).toMatchObject({ reject: [], inFlight: ['sent'], recoveryMinor: 1000000n, releaseMinor: 0n, blockedTranches: [] });
  });
});
