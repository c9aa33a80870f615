import type { IntlShape } from 'react-intl';
import { ApiError } from '../api/errors';
import type { FieldProblem } from '../api/types';
import { formatBytes, formatInstant } from '../format/format';
import { listOf } from '../format/languages';

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

const TYPE_NAMES: Record<string, string> = { 'application/pdf': 'PDF', 'image/jpeg': 'JPEG', 'image/png': 'PNG' };

/** A problem's params as its message shows them: lists joined, sizes and instants formatted, fields named. */
function messageValues(intl: IntlShape, p: FieldProblem, labels?: Record<string, string>): Record<string, string | number> {
  const tag = intl.locale;
  const raw = (p.params ?? {}) as Record<string, unknown>;
  const out: Record<string, string | number> = { min: 0, max: '∞', format: 'other', because: 'other', rule: 'other' };
  for (const [k, v] of Object.entries(raw)) {
    if (Array.isArray(v)) out[k] = listOf(v.map((x) => (k === 'allowed' ? (TYPE_NAMES[String(x)] ?? String(x)) : k === 'fields' ? fieldLabel(intl, String(x), labels) : String(x))), tag);
    else if (k === 'maxBytes' && typeof v === 'number') out[k] = formatBytes(v, tag);
    else if (k === 'deadline' && typeof v === 'string') out[k] = `${formatInstant(v, tag, (raw.timeZone as string) || undefined)}${raw.timeZone ? ` (${String(raw.timeZone)})` : ''}`;
    else if (k === 'after' && typeof v === 'string') out[k] = fieldLabel(intl, v, labels);
    else if (typeof v === 'string' || typeof v === 'number') out[k] = v;
    else if (typeof v === 'boolean') out[k] = String(v);
  }
  return out;
}

/** One field problem in the user's language, from its code and parameters (never its English reason). */
export function describeProblem(intl: IntlShape, p: FieldProblem, labels?: Record<string, string>): string {
  const field = fieldLabel(intl, p.field, labels);
  const code = p.code ?? CODE_BY_FIELD[p.field];
  if (code && intl.messages[`problem.${code}`]) return intl.formatMessage({ id: `problem.${code}` }, { ...messageValues(intl, p, labels), field });
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
