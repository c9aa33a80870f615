import { FieldProblem } from '@grants/common';
import { isCurrencyCode } from '@grants/money';

/** Every problem of a new programme at once (pure). */
export function programmeProblems(p: { currency: string; budgetMinor: bigint; startsOn?: string; endsOn?: string }): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!isCurrencyCode(p.currency)) problems.push({ field: 'currency', code: 'FORMAT', params: { format: 'currency' }, reason: `${p.currency} is not an ISO 4217 currency` });
  if (p.budgetMinor <= 0n) problems.push({ field: 'budgetMinor', code: 'MIN', params: { min: 0, exclusive: true }, reason: 'the budget must be positive' });
  const valid = (d?: string) => d === undefined || (!Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d));
  if (!valid(p.startsOn)) problems.push({ field: 'startsOn', code: 'FORMAT', params: { format: 'date' }, reason: `${p.startsOn} is not a calendar date` });
  if (!valid(p.endsOn)) problems.push({ field: 'endsOn', code: 'FORMAT', params: { format: 'date' }, reason: `${p.endsOn} is not a calendar date` });
  if (p.startsOn && p.endsOn && valid(p.startsOn) && valid(p.endsOn) && p.endsOn < p.startsOn) {
    problems.push({ field: 'endsOn', code: 'NOT_AFTER', params: { after: 'startsOn' }, reason: 'the programme must end after it starts' });
  }
  return problems;
}
