import { assertCurrency, formatMoney } from '@grants/money';
import { assertUniqueIds, compareCodeUnits, formatHundredths } from './stable-order';

export type SelectionKind = 'ESSAY_CONTEST' | 'LOCAL_INITIATIVE_COFUNDING' | 'NGO_GRANT';

/** Ranked prizes: prizesMinor[0] is the first prize. */
export interface PrizeRules {
  readonly kind: 'ESSAY_CONTEST';
  readonly currency: string;
  readonly prizesMinor: readonly bigint[];
  readonly reserveSize: number;
}

/** Grants funded from a pool. */
export interface BudgetRules {
  readonly kind: 'LOCAL_INITIATIVE_COFUNDING' | 'NGO_GRANT';
  readonly currency: string;
  readonly poolMinor: bigint;
  readonly maxPerAwardMinor?: bigint;
  readonly minAwards?: number;
  readonly reserveSize: number;
}

export type SelectionRules = PrizeRules | BudgetRules;

/** A ranked entry (from rankEntries) with what it asks for. */
export interface SelectionCandidate {
  readonly entryId: string;
  readonly position: number;
  readonly finalHundredths: number;
  readonly passed: boolean;
  /** Amount asked for, in the call's currency; required for the budget kinds, ignored for prizes. */
  readonly requestedMinor?: bigint;
}

export interface Award {
  readonly entryId: string;
  readonly position: number;
  readonly amountMinor: bigint;
  /** 1 = first prize; only for ranked prizes. */
  readonly prizeRank?: number;
  readonly via: 'SELECTION' | 'PROMOTION';
}

export interface ReserveEntry {
  readonly entryId: string;
  readonly position: number;
  readonly finalHundredths: number;
  /** Budget kinds only. */
  readonly requestedMinor?: bigint;
}

export interface SkippedEntry {
  readonly entryId: string;
  readonly position: number;
  readonly requestedMinor: bigint;
  readonly reason: 'DOES_NOT_FIT_POOL' | 'EXCEEDS_MAX_PER_AWARD';
  readonly message: string;
}

/** Awarded and not-awarded passing entries sharing one score: the ranking's tie-break decided between them. */
export interface LineTie {
  readonly finalHundredths: number;
  readonly awardedEntryIds: readonly string[];
  readonly notAwardedEntryIds: readonly string[];
  readonly message: string;
}

export interface ReleasedAward {
  readonly award: Award;
  readonly kind: 'DECLINED' | 'REVOKED';
  readonly recoveredMinor: bigint;
}

export interface MinimumAwards {
  readonly required: number;
  readonly awarded: number;
  readonly met: boolean;
  readonly message: string;
}

/** Plain data: store it, publish it, feed it back to promoteFromReserve. Amounts are bigint minor units. */
export interface SelectionResult {
  readonly kind: SelectionKind;
  readonly currency: string;
  /** The pool, or the sum of the prizes. */
  readonly poolMinor: bigint;
  /** Money not committed to an active award (and not lost with a revoked one). Never negative. */
  readonly remainingMinor: bigint;
  /** Active awards in ranking order. */
  readonly awards: readonly Award[];
  /** Passing entries not awarded, in ranking order, at most reserveSize. */
  readonly reserve: readonly ReserveEntry[];
  /** Passing entries passed over in the funding run, with why. */
  readonly skipped: readonly SkippedEntry[];
  /** Prizes nobody won (too few passing entries, or the reserve ran out). */
  readonly unawardedPrizeRanks: readonly number[];
  readonly minimumAwards: MinimumAwards | null;
  readonly lineTies: readonly LineTie[];
  readonly released: readonly ReleasedAward[];
}

export interface AwardRelease {
  readonly entryId: string;
  readonly kind: 'DECLINED' | 'REVOKED';
  /** Money back in the pool; defaults to the whole award. Less when part was already paid out and is not recovered. */
  readonly recoveredMinor?: bigint;
}

export interface PromotionResult {
  readonly selection: SelectionResult;
  readonly released: Award;
  readonly promoted: readonly Award[];
  /** Reserve entries that did not fit the money available: they keep their place for a later release. */
  readonly passedOver: readonly ReserveEntry[];
  readonly message: string;
}

function assertNonNegativeInt(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${what} must be a non-negative integer, got ${n}`);
}

function byPosition(candidates: readonly SelectionCandidate[]): SelectionCandidate[] {
  assertUniqueIds(candidates.map((c) => c.entryId), 'entry');
  const positions = new Set<number>();
  for (const c of candidates) {
    if (!Number.isSafeInteger(c.position) || c.position < 1) throw new RangeError(`Entry ${c.entryId}: position must be a positive integer`);
    if (positions.has(c.position)) throw new RangeError(`Two entries share position ${c.position}`);
    positions.add(c.position);
  }
  return [...candidates].sort((a, b) => a.position - b.position);
}

function lineTies(passing: readonly SelectionCandidate[], awarded: ReadonlySet<string>): LineTie[] {
  const scores = new Map<number, { a: string[]; n: string[] }>();
  for (const c of passing) {
    const s = scores.get(c.finalHundredths) ?? { a: [], n: [] };
    (awarded.has(c.entryId) ? s.a : s.n).push(c.entryId);
    scores.set(c.finalHundredths, s);
  }
  return [...scores.entries()]
    .filter(([, s]) => s.a.length > 0 && s.n.length > 0)
    .sort(([x], [y]) => y - x)
    .map(([score, s]) => ({
      finalHundredths: score,
      awardedEntryIds: s.a,
      notAwardedEntryIds: s.n,
      message:
        `${s.a.length + s.n.length} passing entries share ${formatHundredths(score)} across the award line: ` +
        `${s.a.join(', ')} awarded, ${s.n.join(', ')} not (rank order from the tie-break rules, then what the money allowed)`,
    }));
}

/**
 * The proposed awards and reserve list. Ranked prizes go to the top passing entries in rank order.
 * Grants are funded in rank order: an entry that does not fit the remaining pool is skipped for the
 * next that does (and stays eligible for the reserve); an entry above the per-award maximum is
 * never funded and never on the reserve. Nothing is ever committed beyond the pool.
 */
export function select(rules: SelectionRules, candidates: readonly SelectionCandidate[]): SelectionResult {
  assertCurrency(rules.currency);
  assertNonNegativeInt(rules.reserveSize, 'reserveSize');
  const passing = byPosition(candidates).filter((c) => c.passed);
  const money = (m: bigint) => formatMoney({ amountMinor: m, currency: rules.currency });

  if (rules.kind === 'ESSAY_CONTEST') {
    rules.prizesMinor.forEach((p, i) => {
      if (p <= 0n) throw new RangeError(`Prize ${i + 1} must be positive`);
    });
    const pool = rules.prizesMinor.reduce((a, b) => a + b, 0n);
    const awards: Award[] = [];
    const unawarded: number[] = [];
    rules.prizesMinor.forEach((amountMinor, i) => {
      const c = passing[i];
      if (c) awards.push({ entryId: c.entryId, position: c.position, amountMinor, prizeRank: i + 1, via: 'SELECTION' });
      else unawarded.push(i + 1);
    });
    const committed = awards.reduce((a, w) => a + w.amountMinor, 0n);
    const reserve = passing
      .slice(awards.length, awards.length + rules.reserveSize)
      .map((c) => ({ entryId: c.entryId, position: c.position, finalHundredths: c.finalHundredths }));
    return {
      kind: rules.kind,
      currency: rules.currency,
      poolMinor: pool,
      remainingMinor: pool - committed,
      awards,
      reserve,
      skipped: [],
      unawardedPrizeRanks: unawarded,
      minimumAwards: null,
      lineTies: lineTies(passing, new Set(awards.map((a) => a.entryId))),
      released: [],
    };
  }

  if (rules.poolMinor < 0n) throw new RangeError('poolMinor must not be negative');
  if (rules.maxPerAwardMinor !== undefined && rules.maxPerAwardMinor <= 0n) throw new RangeError('maxPerAwardMinor must be positive');
  if (rules.minAwards !== undefined) assertNonNegativeInt(rules.minAwards, 'minAwards');
  let remaining = rules.poolMinor;
  const awards: Award[] = [];
  const skipped: SkippedEntry[] = [];
  const reserveCandidates: ReserveEntry[] = [];
  for (const c of passing) {
    const req = c.requestedMinor;
    if (req === undefined || req <= 0n) throw new RangeError(`Entry ${c.entryId}: requestedMinor must be a positive amount`);
    if (rules.maxPerAwardMinor !== undefined && req > rules.maxPerAwardMinor) {
      skipped.push({
        entryId: c.entryId,
        position: c.position,
        requestedMinor: req,
        reason: 'EXCEEDS_MAX_PER_AWARD',
        message: `asks ${money(req)}, above the maximum award of ${money(rules.maxPerAwardMinor)}`,
      });
      continue;
    }
    if (req <= remaining) {
      awards.push({ entryId: c.entryId, position: c.position, amountMinor: req, via: 'SELECTION' });
      remaining -= req;
      continue;
    }
    skipped.push({
      entryId: c.entryId,
      position: c.position,
      requestedMinor: req,
      reason: 'DOES_NOT_FIT_POOL',
      message: `asks ${money(req)}, only ${money(remaining)} of the pool was left at its turn`,
    });
    reserveCandidates.push({ entryId: c.entryId, position: c.position, finalHundredths: c.finalHundredths, requestedMinor: req });
  }
  const overMax = new Set(skipped.filter((s) => s.reason === 'EXCEEDS_MAX_PER_AWARD').map((s) => s.entryId));
  return {
    kind: rules.kind,
    currency: rules.currency,
    poolMinor: rules.poolMinor,
    remainingMinor: remaining,
    awards,
    reserve: reserveCandidates.slice(0, rules.reserveSize),
    skipped,
    unawardedPrizeRanks: [],
    minimumAwards: minimum(rules.minAwards, awards.length, passing.length, remaining, money),
    lineTies: lineTies(
      passing.filter((c) => !overMax.has(c.entryId)),
      new Set(awards.map((a) => a.entryId)),
    ),
    released: [],
  };
}

function minimum(
  required: number | undefined,
  awarded: number,
  passing: number,
  remaining: bigint,
  money: (m: bigint) => string,
): MinimumAwards | null {
  if (required === undefined) return null;
  const met = awarded >= required;
  const why =
    passing < required
      ? `only ${passing} entries passed`
      : `the pool funds ${awarded} in rank order (${money(remaining)} left, less than any remaining request)`;
  return {
    required,
    awarded,
    met,
    message: met ? `${awarded} awards, at least ${required} required: met` : `At least ${required} awards required, ${awarded} made: ${why}`,
  };
}

/**
 * An award is declined or revoked: its money (what is recovered of it) returns to the pool and the
 * reserve is walked in rank order. Grants: every reserve entry whose request fits the money now
 * available is promoted, in order, exactly as the funding run would have done; one that does not
 * fit keeps its place on the reserve (a later release may make room). Ranked prizes: the first
 * reserve entry takes the freed prize (its rank and amount) if the recovered money covers it —
 * prizes already granted are not reshuffled; otherwise the prize stays unawarded.
 */
export function promoteFromReserve(selection: SelectionResult, release: AwardRelease): PromotionResult {
  const award = selection.awards.find((a) => a.entryId === release.entryId);
  if (!award) throw new RangeError(`Entry ${release.entryId} holds no active award`);
  const recovered = release.recoveredMinor ?? award.amountMinor;
  if (recovered < 0n || recovered > award.amountMinor) throw new RangeError('recoveredMinor must be between 0 and the award amount');
  const money = (m: bigint) => formatMoney({ amountMinor: m, currency: selection.currency });
  let remaining = selection.remainingMinor + recovered;
  const awards = selection.awards.filter((a) => a !== award);
  const promoted: Award[] = [];
  const passedOver: ReserveEntry[] = [];
  let unawarded = [...selection.unawardedPrizeRanks];

  if (selection.kind === 'ESSAY_CONTEST') {
    const first = selection.reserve[0];
    if (first && remaining >= award.amountMinor) {
      promoted.push({ entryId: first.entryId, position: first.position, amountMinor: award.amountMinor, prizeRank: award.prizeRank, via: 'PROMOTION' });
      remaining -= award.amountMinor;
    } else if (award.prizeRank !== undefined) {
      unawarded = [...unawarded, award.prizeRank].sort((a, b) => a - b);
    }
  } else {
    for (const r of selection.reserve) {
      const req = r.requestedMinor ?? 0n;
      if (req > 0n && req <= remaining) {
        promoted.push({ entryId: r.entryId, position: r.position, amountMinor: req, via: 'PROMOTION' });
        remaining -= req;
      } else passedOver.push(r);
    }
  }

  const promotedIds = new Set(promoted.map((p) => p.entryId));
  const nextAwards = [...awards, ...promoted].sort((a, b) => a.position - b.position || compareCodeUnits(a.entryId, b.entryId));
  const reserve = selection.reserve.filter((r) => !promotedIds.has(r.entryId));
  const min = selection.minimumAwards;
  const minimumAwards =
    min === null
      ? null
      : {
          required: min.required,
          awarded: nextAwards.length,
          met: nextAwards.length >= min.required,
          message:
            nextAwards.length >= min.required
              ? `${nextAwards.length} awards, at least ${min.required} required: met`
              : `At least ${min.required} awards required, ${nextAwards.length} active after ${release.kind.toLowerCase()} of ${release.entryId}`,
        };
  const lost = award.amountMinor - recovered;
  const message =
    `${release.entryId} ${release.kind.toLowerCase()} (${money(award.amountMinor)}` +
    (lost > 0n ? `, ${money(lost)} not recovered` : '') +
    `); ` +
    (promoted.length > 0 ? `promoted ${promoted.map((p) => `${p.entryId} (${money(p.amountMinor)})`).join(', ')}` : 'nobody promoted') +
    (passedOver.length > 0 ? `; ${passedOver.length} reserve entries do not fit ${money(remaining)} and keep their place` : '');

  return {
    selection: {
      ...selection,
      remainingMinor: remaining,
      awards: nextAwards,
      reserve,
      unawardedPrizeRanks: unawarded,
      minimumAwards,
      released: [...selection.released, { award, kind: release.kind, recoveredMinor: recovered }],
    },
    released: award,
    promoted,
    passedOver,
    message,
  };
}
