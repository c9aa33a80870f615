/**
 * Minor units → plain decimal text ("14192.64") by string arithmetic. Files for banks need the
 * number without a currency suffix or grouping, and a float detour could turn 0.29 into
 * 0.28999999999999998: never.
 */
export function minorUnitsToDecimalText(amountMinor: bigint, fractionDigits: number): string {
  if (!Number.isInteger(fractionDigits) || fractionDigits < 0) {
    throw new RangeError(`fractionDigits must be a non-negative integer, got ${fractionDigits}`);
  }
  const negative = amountMinor < 0n;
  const digits = (negative ? -amountMinor : amountMinor).toString().padStart(fractionDigits + 1, '0');
  const whole = fractionDigits ? digits.slice(0, -fractionDigits) : digits;
  const fraction = fractionDigits ? `.${digits.slice(-fractionDigits)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}
