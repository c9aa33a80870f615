// ISO 4217 codes and their minor-unit digits come from ICU (bundled with Node), which tracks the
// standard: no hand-kept table to drift.
const SUPPORTED = new Set(Intl.supportedValuesOf('currency'));

export function isCurrencyCode(code: unknown): code is string {
  return typeof code === 'string' && /^[A-Z]{3}$/.test(code) && SUPPORTED.has(code);
}

export function minorUnitDigits(currency: string): number {
  assertCurrency(currency);
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

export function assertCurrency(currency: string): void {
  if (!isCurrencyCode(currency)) throw new RangeError(`Unknown ISO 4217 currency code: ${currency}`);
}
