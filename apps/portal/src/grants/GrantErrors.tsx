import { useEffect, useRef } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { ApiError } from '../api/errors';
import type { FieldProblem } from '../api/types';
import { describeError, fieldId } from '../components/errors';

/** A refusal's headline: the grantee pages' own message for a disbursement code, else the general one. */
export function grantErrorText(intl: ReturnType<typeof useIntl>, err: unknown, values?: Record<string, string | number>): string {
  if (err instanceof ApiError && intl.messages[`grant.error.${err.code}`]) return intl.formatMessage({ id: `grant.error.${err.code}` });
  return describeError(intl, err, values);
}

/**
 * The GOV.UK error summary for the grantee pages: the headline, then a link per field problem,
 * focused when it appears. `describe` gives each problem's text in the user's language.
 */
export function GrantErrors({ error, problems, describe, values }: { error?: unknown; problems: FieldProblem[]; describe: (p: FieldProblem) => string; values?: Record<string, string | number> }) {
  const intl = useIntl();
  const ref = useRef<HTMLDivElement>(null);
  const shown = Boolean(error) || problems.length > 0;
  const key = shown ? `${(error as { code?: string })?.code}|${problems.map((p) => `${p.field}:${p.code}`).join(',')}` : '';
  useEffect(() => {
    if (key) ref.current?.focus();
  }, [key]);
  if (!shown) return null;
  return (
    <div className="error-summary" ref={ref} tabIndex={-1} role="alert" aria-labelledby="grant-errors-title" data-testid="error-summary">
      <h2 id="grant-errors-title" className="error-summary__title">
        <FormattedMessage id="error.summary.title" />
      </h2>
      {error ? <p className="error-summary__headline">{grantErrorText(intl, error, values)}</p> : null}
      {problems.length ? (
        <ul className="error-summary__list">
          {problems.map((p, i) => (
            <li key={`${p.field}-${i}`}>
              <a
                href={`#${fieldId(p.field)}`}
                onClick={(e) => {
                  const el = document.getElementById(fieldId(p.field));
                  if (el) {
                    e.preventDefault();
                    el.focus();
                    el.scrollIntoView({ block: 'center' });
                  }
                }}
              >
                {describe(p)}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
