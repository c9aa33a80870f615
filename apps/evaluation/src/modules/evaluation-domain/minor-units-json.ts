/**
 * JSON for the evaluation records (selection results, rules), which hold money as bigint minor
 * units: JSON.stringify refuses bigint, and a float would lose cents. Every bigint is written as
 * a decimal string, and on the way back every field whose name ends in "Minor" (a value or an
 * array of values) becomes a bigint again — the naming convention of these types and of the
 * event contracts (`amountMinor: "1774080"`).
 */
export function stringifyWithMinorUnits(value: unknown, space?: number): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), space);
}

const MINOR_UNITS = /^-?\d+$/;

function revive(key: string, v: unknown): unknown {
  const toBig = (x: unknown) => {
    if (typeof x !== 'string' || !MINOR_UNITS.test(x)) throw new RangeError(`${key} must hold integer minor units, got ${JSON.stringify(x)}`);
    return BigInt(x);
  };
  if (!key.endsWith('Minor') || v === null) return v;
  return Array.isArray(v) ? v.map(toBig) : toBig(v);
}

export function parseWithMinorUnits<T>(text: string): T {
  return JSON.parse(text, (key, v: unknown) => revive(key, v)) as T;
}
