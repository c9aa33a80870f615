/**
 * Splits `total` minor units in proportion to `weights` by the largest remainder method: every
 * minor unit is allocated, none invented. Remainder ties go to the earlier share, so the result
 * is deterministic. Weights are non-negative integers (e.g. percentages or basis points).
 */
export function allocateLargestRemainder(total: bigint, weights: readonly (number | bigint)[]): bigint[] {
  if (weights.length === 0) throw new RangeError('At least one weight is needed');
  const w = weights.map((x) => {
    const b = BigInt(x);
    if (typeof x === 'number' && !Number.isInteger(x)) throw new RangeError(`Weights must be integers, got ${x}`);
    if (b < 0n) throw new RangeError('Weights must not be negative');
    return b;
  });
  const sum = w.reduce((a, b) => a + b, 0n);
  if (sum === 0n) throw new RangeError('Weights must not all be zero');
  if (total < 0n) return allocateLargestRemainder(-total, weights).map((x) => -x);

  const shares = w.map((wi) => (total * wi) / sum);
  const remainders = w.map((wi, i) => ({ i, r: (total * wi) % sum }));
  let left = total - shares.reduce((a, b) => a + b, 0n);
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left === 0n) break;
    shares[i] += 1n;
    left -= 1n;
  }
  return shares;
}
