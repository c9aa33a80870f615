/**
 * Money, dates and numbers through Intl with the page's locale. Money arrives as integer minor
 * units (a string of digits, or a bigint) with an ISO 4217 code; it is turned into an exact
 * decimal string and given to Intl as a string, so no float ever holds an amount.
 */

import { Native, supplementOf } from './intl-data';

const NF = (locale: string) => supplementOf(locale).NumberFormat ?? Intl.NumberFormat;

/** How many minor digits a currency has, as ICU knows it (EUR 2, JPY 0, KWD 3). */
export function minorDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** "1774080", EUR → "17740.80": exact, by string arithmetic on the digits. */
export function minorToDecimal(minor: string | bigint, currency: string): string {
  const raw = typeof minor === 'bigint' ? minor.toString() : minor.trim();
  if (!/^-?\d+$/.test(raw)) throw new Error(`not a whole number of minor units: ${raw}`);
  const negative = raw.startsWith('-');
  const digits = (negative ? raw.slice(1) : raw).replace(/^0+(?=\d)/, '');
  const d = minorDigits(currency);
  if (d === 0) return `${negative ? '-' : ''}${digits}`;
  const padded = digits.padStart(d + 1, '0');
  return `${negative ? '-' : ''}${padded.slice(0, -d)}.${padded.slice(-d)}`;
}

export function formatMoney(minor: string | bigint, currency: string, locale: string): string {
  const fmt = new (NF(locale))(locale, { style: 'currency', currency });
  // Intl.NumberFormat v3 takes a decimal string exactly; the lib typing still says number.
  return fmt.format(minorToDecimal(minor, currency) as unknown as number);
}

export function formatNumber(n: number, locale: string): string {
  return new (NF(locale))(locale).format(n);
}

/** The zone's offset from UTC at that instant, as "+01:00" (from the browser's own zone data). */
export function offsetAt(d: Date, timeZone?: string): string {
  const name = new Native.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(d).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-]\d{2}):?(\d{2})?/.exec(name);
  return m ? `${m[1]}:${m[2] ?? '00'}` : '+00:00';
}

function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions, d: Date): Intl.DateTimeFormat {
  const Poly = supplementOf(locale).DateTimeFormat;
  // FormatJS's DateTimeFormat carries no zone data of its own: give it the zone's offset.
  if (Poly) return new Poly(locale, { ...options, timeZone: offsetAt(d, options.timeZone) });
  return new Intl.DateTimeFormat(locale, options);
}

/** An instant in a zone (the visitor's when none): "15 март 2026, 23:59". */
export function formatInstant(iso: string | Date, locale: string, timeZone?: string): string {
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  if (Number.isNaN(d.getTime())) return '';
  return dateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone }, d).format(d);
}

/** The zone as people read it, e.g. "CET" or "GMT+1", at that instant. */
export function zoneLabel(iso: string | Date, locale: string, timeZone?: string): string {
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  const part = new Native.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' }).formatToParts(d).find((p) => p.type === 'timeZoneName');
  return part?.value ?? timeZone ?? '';
}

export function formatDate(iso: string | Date, locale: string, timeZone?: string): string {
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  return dateTimeFormat(locale, { dateStyle: 'long', timeZone }, d).format(d);
}

/** The browser's own zone (the visitor's). */
export const visitorTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Time left until an instant, split for a countdown; null once it has passed. */
export function timeLeft(untilIso: string, now: number): { days: number; hours: number; minutes: number; seconds: number } | null {
  const ms = new Date(untilIso).getTime() - now;
  if (ms <= 0) return null;
  const s = Math.floor(ms / 1000);
  return { days: Math.floor(s / 86400), hours: Math.floor((s % 86400) / 3600), minutes: Math.floor((s % 3600) / 60), seconds: s % 60 };
}

/** Words as a reader counts them: runs of letters/digits in any script (Cyrillic, Latin, …). */
export function countWords(text: string): number {
  return text.match(/[\p{L}\p{N}][\p{L}\p{N}\p{M}'’-]*/gu)?.length ?? 0;
}

export function formatBytes(n: number, locale: string): string {
  const units = ['byte', 'kilobyte', 'megabyte'] as const;
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return new (NF(locale))(locale, { style: 'unit', unit: units[i], unitDisplay: 'short', maximumFractionDigits: i === 0 ? 0 : 1 }).format(v);
}
