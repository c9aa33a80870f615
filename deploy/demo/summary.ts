import { formatMoney } from '@grants/money';

export interface RankLine {
  rank: number;
  reference: string;
  applicant: string;
  score: string;
  outcome: 'AWARDED' | 'RESERVE' | 'NOT_SELECTED';
  awardMinor?: string;
}

export interface GrantLine {
  reference: string;
  applicant: string;
  amountMinor: string;
  /** Each PAID payment, in tranche order. */
  tranchesPaidMinor: string[];
  paymentsPaid: number;
  status: string;
  municipality?: string;
  /** The award e-mail as notifications logged it, and the language the grantee chose. */
  awardMail: { language: string; subject: string; wanted: string };
}

export interface CallSummary {
  callId: string;
  referenceCode: string;
  title: string;
  kind: string;
  currency: string;
  applications: { submitted: number; eligible: number; ineligible: number };
  ranking: RankLine[];
  awards: number;
  awardedMinor: string;
  paidMinor: string;
  budgetMinor: string;
  /** The budget less what the awards committed. */
  remainingMinor: string;
  coFunding: { currency: string; committedMinor: string; receivedMinor: string; outstandingMinor: string }[];
  grants: GrantLine[];
  /** pain.001 files that carried this call's payments (EUR). */
  paymentFiles: string[];
}

/** A person of the run that someone can sign in as, in the portal or through the API. */
export interface SignIn {
  who: string;
  email: string;
  password: string;
  language: string;
}

export interface DemoSummary {
  runId: string;
  calls: CallSummary[];
  /** Left out of `comparable`: every run registers people of its own. */
  signIns: SignIn[];
}

/**
 * The summary with what differs from run to run taken out (the run's stamp in references, the
 * file ids): two runs of the demo, disturbed or not, must give the same.
 */
export function comparable(s: DemoSummary): unknown {
  // References are numbered in the order submissions arrive, which concurrent applicants vary.
  const noRef = <T extends { reference: string }>(x: T) => ({ ...x, reference: undefined });
  const noSubject = (g: GrantLine) => ({ ...g, reference: undefined, awardMail: { language: g.awardMail.language, wanted: g.awardMail.wanted } });
  return s.calls.map((c) => ({
    ...c,
    callId: undefined,
    referenceCode: c.referenceCode.split(s.runId).join('<run>'),
    ranking: c.ranking.map(noRef),
    grants: c.grants.map(noSubject),
    // How many EUR payments share a pain.001 file depends on when they were approved (batching).
    paymentFiles: c.paymentFiles.length > 0,
  }));
}

export function printSummary(s: DemoSummary, say: (line: string) => void): void {
  const m = (minor: string, currency: string) => formatMoney({ amountMinor: BigInt(minor), currency });
  say('\n=== summary ===');
  for (const c of s.calls) {
    say(`\n${c.referenceCode}  „${c.title}“  (${c.kind}, ${c.currency})`);
    say(`  applications: ${c.applications.submitted} submitted, ${c.applications.eligible} eligible, ${c.applications.ineligible} ineligible`);
    say('  ranking:');
    for (const r of c.ranking) {
      const outcome = r.outcome === 'AWARDED' ? `awarded ${m(r.awardMinor!, c.currency)}` : r.outcome === 'RESERVE' ? 'reserve' : 'not selected';
      say(`    ${String(r.rank).padStart(2)}. ${r.reference.padEnd(30)} ${r.score.padStart(6)}  ${r.applicant.padEnd(44)} ${outcome}`);
    }
    say(`  awards: ${c.awards}, ${m(c.awardedMinor, c.currency)}; paid ${m(c.paidMinor, c.currency)} in ${c.grants.reduce((n, g) => n + g.paymentsPaid, 0)} payments`);
    for (const g of c.grants) {
      const tranches = g.tranchesPaidMinor.map((t) => m(t, c.currency)).join(' + ');
      say(`    ${g.reference.padEnd(30)} ${m(g.amountMinor, c.currency).padStart(14)} paid ${tranches}  ${g.status}  e-mail (${g.awardMail.language}) „${g.awardMail.subject}“`);
    }
    say(`  budget ${m(c.budgetMinor, c.currency)}, remaining ${m(c.remainingMinor, c.currency)}`);
    for (const cf of c.coFunding) say(`  co-funding by the municipalities: committed ${m(cf.committedMinor, cf.currency)}, received ${m(cf.receivedMinor, cf.currency)}`);
    if (c.paymentFiles.length) say(`  pain.001 files: ${c.paymentFiles.map((f) => `GET /api/disbursement/payment-files/${f}`).join(', ')}`);
  }
}
