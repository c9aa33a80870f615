import { useEffect, useRef } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import type { FieldProblem } from '../api/types';
import { describeError, describeProblem, fieldId } from './errors';

/**
 * The GOV.UK error summary: a headline, then one link per field problem to that field. It takes
 * the focus when it appears, so keyboard and screen-reader users land on it.
 */
export function ErrorSummary({
  error,
  problems = [],
  labels,
  values,
  targets = {},
}: {
  error?: unknown;
  problems?: FieldProblem[];
  labels?: Record<string, string>;
  values?: Record<string, string | number>;
  /** Field path → element id when it is not `fieldId(path)`. */
  targets?: Record<string, string>;
}) {
  const intl = useIntl();
  const ref = useRef<HTMLDivElement>(null);
  const shown = Boolean(error) || problems.length > 0;
  const key = shown ? `${String((error as { code?: string })?.code)}|${problems.map((p) => p.field).join(',')}` : '';
  useEffect(() => {
    if (key) ref.current?.focus();
  }, [key]);
  if (!shown) return null;
  const target = (field: string) => targets[field] ?? targets[field.split(/[.[]/)[0]!] ?? fieldId(field);
  return (
    <div className="error-summary" ref={ref} tabIndex={-1} role="alert" aria-labelledby="error-summary-title" data-testid="error-summary">
      <h2 id="error-summary-title" className="error-summary__title">
        <FormattedMessage id="error.summary.title" />
      </h2>
      {error ? <p className="error-summary__headline">{describeError(intl, error, values)}</p> : null}
      {problems.length > 0 && (
        <ul className="error-summary__list">
          {problems.map((p, i) => (
            <li key={`${p.field}-${i}`}>
              <a
                href={`#${target(p.field)}`}
                onClick={(e) => {
                  const el = document.getElementById(target(p.field));
                  if (el) {
                    e.preventDefault();
                    el.focus();
                    el.scrollIntoView({ block: 'center' });
                  }
                }}
              >
                {describeProblem(intl, p, labels)}
              </a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
