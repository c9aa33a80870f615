/**
 * Small helpers every evaluation rule shares so that the same input always gives the same output,
 * on any machine: no locale, no clock, no randomness.
 */

/** Orders strings by UTF-16 code units: unlike localeCompare, identical on every machine and ICU version. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** FNV-1a over UTF-16 code units: a stable 32-bit hash for spreading ties, never for security. */
export function fnv1a32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** MurmurHash3's finaliser: turns a combined pair of hashes into a well-spread 32-bit key. */
export function fmix32(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** num / den rounded half up (away from zero for the non-negative values used here): the one rounding rule. */
export function divRoundHalfUp(num: bigint, den: bigint): bigint {
  if (den <= 0n) throw new RangeError('Denominator must be positive');
  if (num < 0n) return -divRoundHalfUp(-num, den);
  return (2n * num + den) / (2n * den);
}

/**
 * A decimal with at most two fractional digits (7.5, 12.25) → an integer number of hundredths, or
 * null. `Math.round(x * 100) / 100 === x` holds exactly when x is the double nearest to such a
 * decimal, so 7.55 (stored as 7.5499999…) is accepted as 755 and 7.555 is refused.
 */
export function toHundredths(x: unknown): number | null {
  if (typeof x !== 'number' || !Number.isFinite(x)) return null;
  const h = Math.round(x * 100);
  if (!Number.isSafeInteger(h) || h / 100 !== x) return null;
  return h;
}

/** 7850 → "78.50": hundredths as exact decimal text for messages and publication. */
export function formatHundredths(h: number): string {
  const sign = h < 0 ? '-' : '';
  const abs = Math.abs(h);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Throws on a repeated id: silently keeping one of two records would make the result depend on input order. */
export function assertUniqueIds(ids: Iterable<string>, what: string): void {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) throw new RangeError(`Duplicate ${what} id: ${id}`);
    seen.add(id);
  }
}
