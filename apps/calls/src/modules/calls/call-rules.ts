import { FieldProblem } from '@grants/common';
import { isCurrencyCode } from '@grants/money';
import { CallEntity } from './entities/call.entity';

export function isIanaTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Everything that keeps a call from being published, all at once (pure: no I/O, no clock). */
export function publicationProblems(call: CallEntity, now: Date): FieldProblem[] {
  const p: FieldProblem[] = [];
  if (!isCurrencyCode(call.currency)) p.push({ field: 'currency', reason: `${call.currency} is not an ISO 4217 currency` });
  if (call.budgetMinor <= 0n) p.push({ field: 'budgetMinor', reason: 'the budget must be positive' });
  if (call.closesAt <= call.opensAt) p.push({ field: 'closesAt', reason: 'the call must close after it opens' });
  if (call.closesAt <= now) p.push({ field: 'closesAt', reason: 'the closing instant is in the past' });
  if (!isIanaTimeZone(call.timeZone)) p.push({ field: 'timeZone', reason: `${call.timeZone} is not an IANA time zone` });
  if (!call.texts[call.defaultLanguage]) {
    p.push({ field: `texts.${call.defaultLanguage}`, reason: 'the default language needs a text' });
  }
  return p;
}
