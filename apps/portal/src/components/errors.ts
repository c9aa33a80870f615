import type { IntlShape } from 'react-intl';
import { ApiError } from '../api/errors';
import type { FieldProblem } from '../api/types';

/** The id of a field's input for an API field path: `applicant.fullName` → `f-applicant-fullName`. */
export const fieldId = (path: string) => `f-${path.replace(/[^A-Za-z0-9_-]+/g, '-')}`;

/** Field problems whose only possible meaning is known, for services that send no code yet. */
const CODE_BY_FIELD: Record<string, string> = { guardianConsent: 'GUARDIAN_CONSENT_REQUIRED' };

export function fieldLabel(intl: IntlShape, field: string, labels: Record<string, string> = {}): string {
  if (labels[field]) return labels[field];
  const key = `field.${field}`;
  if (intl.messages[key]) return intl.formatMessage({ id: key });
  const leaf = field.split('.').pop()!;
  if (intl.messages[`field.${leaf}`]) return intl.formatMessage({ id: `field.${leaf}` });
  return intl.formatMessage({ id: 'field.other' }, { field });
}

/** One field problem in the user's language, from its code and parameters (never its English reason). */
export function describeProblem(intl: IntlShape, p: FieldProblem, labels?: Record<string, string>): string {
  const field = fieldLabel(intl, p.field, labels);
  const code = p.code ?? CODE_BY_FIELD[p.field];
  if (code && intl.messages[`problem.${code}`]) return intl.formatMessage({ id: `problem.${code}` }, { ...(p.params ?? {}), field });
  return intl.formatMessage({ id: 'problem.generic' }, { field });
}

/** The headline of a refusal, in the user's language; `values` fills a code's parameters. */
export function describeError(intl: IntlShape, err: unknown, values: Record<string, string | number> = {}): string {
  if (!(err instanceof ApiError)) return intl.formatMessage({ id: 'error.server' });
  const byCode = `error.code.${err.code}`;
  if (intl.messages[byCode]) return intl.formatMessage({ id: byCode }, { deadline: '', ...values });
  if (err.status === 0) return intl.formatMessage({ id: 'error.network' });
  if (err.status === 429) return intl.formatMessage({ id: 'error.rateLimited' });
  if (err.status === 404) return intl.formatMessage({ id: 'error.notFound' });
  if (err.status === 403) return intl.formatMessage({ id: 'error.forbidden' });
  if (err.status === 401) return intl.formatMessage({ id: 'error.unauthorized' });
  if (err.status === 400 || err.status === 422) return intl.formatMessage({ id: 'error.invalid' });
  return intl.formatMessage({ id: 'error.server' });
}

/** The problems of a refusal, or none. */
export const problemsOf = (err: unknown): FieldProblem[] => (err instanceof ApiError ? err.problems : []);

/** The first message for a field path (exact, or a sub-path of it), for showing at the field. */
export function problemAt(intl: IntlShape, problems: FieldProblem[], field: string, labels?: Record<string, string>): string | undefined {
  const p = problems.find((x) => x.field === field || x.field.startsWith(`${field}.`) || x.field.startsWith(`${field}[`));
  return p ? describeProblem(intl, p, labels) : undefined;
}
