import { useRef, useState, type ReactNode } from 'react';
import { FormattedMessage } from 'react-intl';
import { Link, useNavigate } from 'react-router';
import { api, unwrap } from '../api/client';
import { ApiError } from '../api/errors';
import type { Draft, FieldProblem, PublicCall, Receipt } from '../api/types';
import { formatInstant } from '../format/format';
import { useLocale } from '../i18n/I18nProvider';
import { newIdempotencyKey } from './idempotency';
import type { SaveState } from './useDraft';

/** What every draft's autosave offers the parts around its form (useDraft and useFormDraft both do). */
export interface DraftControls {
  saveState: SaveState;
  save: () => unknown;
  conflict: unknown;
  keepMine: () => unknown;
  takeTheirs: () => void;
  flush: () => Promise<boolean>;
  forget: () => void;
  refreshFromServer: () => Promise<unknown>;
}

/** Whether the call has closed, and whether the draft can no longer be changed. */
export function draftLock(draft: Draft): { closed: boolean; locked: boolean } {
  const closed = draft.call.state === 'CLOSED' || Date.parse(draft.call.closesAt) <= Date.now();
  return { closed, locked: draft.status === 'WITHDRAWN' || (closed && draft.status !== 'DRAFT') };
}

/** "Check and submit": saves what is typed, submits once per attempt, then shows the receipt. */
export function useSubmitDraft(d: DraftControls, applicationId: string) {
  const navigate = useNavigate();
  const [submitError, setSubmitError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  const attempt = useRef<string | null>(null);

  const submit = async () => {
    if (submitting) return;
    setSubmitting(true);
    setSubmitError(null);
    // One key per attempt: a double click, or a retry after a lost answer, is the same attempt.
    attempt.current ??= newIdempotencyKey();
    try {
      if (!(await d.flush())) return;
      const { data } = await unwrap<Receipt>(
        api.POST('/api/applications/{applicationId}/submit', { params: { path: { applicationId }, header: { 'Idempotency-Key': attempt.current } } as never }),
      );
      attempt.current = null;
      d.forget();
      navigate(`/applications/${applicationId}/receipt`, { state: { receipt: data } });
    } catch (err) {
      // A definite refusal ends the attempt; a lost answer keeps its key for the retry.
      if (!(err instanceof ApiError && err.status === 0)) attempt.current = null;
      setSubmitError(err);
      if (err instanceof ApiError && err.code === 'APPLICATION.INVALID') void d.refreshFromServer().catch(() => undefined);
    } finally {
      setSubmitting(false);
    }
  };

  return { submit, submitting, submitError };
}

function SaveStatus({ state, onRetry }: { state: SaveState; onRetry: () => void }) {
  const id = { saved: 'draft.save.saved', pending: 'draft.save.pending', saving: 'draft.save.saving', offline: 'draft.save.offline', error: 'draft.save.error', conflict: 'draft.conflict.title' }[state];
  return (
    <p className={`save-status save-status--${state}`} role="status" aria-live="polite" data-testid="save-status" data-state={state}>
      <FormattedMessage id={id} />
      {state === 'error' || state === 'offline' ? (
        <>
          {' '}
          <button type="button" className="link-button" onClick={onRetry}>
            <FormattedMessage id="draft.save.retry" />
          </button>
        </>
      ) : null}
    </p>
  );
}

/**
 * The top of every draft's page: the way back, the title, the call and its deadline, the
 * submitted and closed notices, the save state and a conflict between tabs.
 */
export function DraftHeading({ d, draft, call, tz, closed, submitError }: { d: DraftControls; draft: Draft; call: PublicCall | null | undefined; tz: string; closed: boolean; submitError: unknown }) {
  const { tag } = useLocale();
  return (
    <>
      <p className="breadcrumb">
        <Link to="/applications">
          <FormattedMessage id="nav.myApplications" />
        </Link>
      </p>
      <h1>
        <FormattedMessage id="draft.title" />
      </h1>
      {call ? (
        <p className="lead">
          <FormattedMessage id="draft.callLabel" values={{ title: <span lang={call.language}>{call.title}</span> }} />
        </p>
      ) : null}
      <p data-testid="draft-deadline">
        <FormattedMessage id="draft.deadline" values={{ time: formatInstant(draft.call.closesAt, tag, tz), zone: tz }} />
      </p>
      {draft.status === 'SUBMITTED' && draft.submittedAt ? (
        <p className="notice notice--success">
          <FormattedMessage id="draft.submitted" values={{ time: `${formatInstant(draft.submittedAt, tag, tz)} (${tz})` }} />{' '}
          <Link to={`/applications/${draft.id}/receipt`}>
            <FormattedMessage id="timeline.receipt" />
          </Link>
        </p>
      ) : null}
      {closed && !submitError ? (
        <p className="notice notice--warn" data-testid="closed-notice">
          <FormattedMessage id="draft.closedNotice" values={{ time: formatInstant(draft.call.closesAt, tag, tz), zone: tz }} />
        </p>
      ) : null}
      <SaveStatus state={d.saveState} onRetry={() => void d.save()} />

      {d.conflict ? (
        <section className="conflict" role="alert" aria-labelledby="conflict-h" data-testid="conflict">
          <h2 id="conflict-h">
            <FormattedMessage id="draft.conflict.title" />
          </h2>
          <p>
            <FormattedMessage id="draft.conflict.body" />
          </p>
          <div className="button-row">
            <button type="button" className="button button--primary" onClick={() => void d.keepMine()} data-testid="keep-mine">
              <FormattedMessage id="draft.conflict.keepMine" />
            </button>
            <button type="button" className="button button--secondary" onClick={d.takeTheirs} data-testid="take-theirs">
              <FormattedMessage id="draft.conflict.takeTheirs" />
            </button>
          </div>
        </section>
      ) : null}
    </>
  );
}

/** The last section: what the service still finds missing, each a link to its field, and the submit button. */
export function CheckAndSubmit({
  problems,
  linkOf,
  describe,
  locked,
  submitting,
  onSubmit,
}: {
  problems: FieldProblem[];
  linkOf: (p: FieldProblem) => string;
  describe: (p: FieldProblem) => ReactNode;
  locked: boolean;
  submitting: boolean;
  onSubmit: () => void;
}) {
  return (
    <section className="section" aria-labelledby="check-h">
      <h2 id="check-h">
        <FormattedMessage id="draft.section.check" />
      </h2>
      {problems.length ? (
        <div className="checklist" data-testid="problems">
          <h3>
            <FormattedMessage id="draft.problems.title" />
          </h3>
          <ul>
            {problems.map((p, i) => (
              <li key={`${p.field}-${i}`}>
                <a href={`#${linkOf(p)}`}>{describe(p)}</a>
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p className="notice notice--success" data-testid="no-problems">
          <FormattedMessage id="draft.problems.none" />
        </p>
      )}
      {!locked && (
        <button type="button" className="button button--primary button--large" onClick={onSubmit} aria-disabled={submitting} data-testid="submit">
          <FormattedMessage id={submitting ? 'draft.submitting' : 'draft.submit'} />
        </button>
      )}
    </section>
  );
}
