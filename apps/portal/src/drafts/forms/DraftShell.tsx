import { useRef, useState, type ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link, useNavigate } from 'react-router';
import { api, unwrap } from '../../api/client';
import { ApiError } from '../../api/errors';
import type { Draft, FieldProblem, PublicCall, Receipt } from '../../api/types';
import { AttachmentSlot } from '../../components/AttachmentSlot';
import { fieldId } from '../../components/errors';
import { formatInstant } from '../../format/format';
import { useLocale } from '../../i18n/I18nProvider';
import { GrantErrors } from '../../grants/GrantErrors';
import { newIdempotencyKey } from '../idempotency';
import type { SaveState } from '../useDraft';
import type { useFormDraft } from './useFormDraft';

type FormDraft = ReturnType<typeof useFormDraft<unknown>>;

/** The form parts a field path belongs to have their own ids; list entries link to their group. */
export const targetOf = (field: string) => fieldId(field);

/**
 * A problem the service sent without a code is, when the field is empty, the "is required" one:
 * shown as such. Every other problem keeps its code (or none) and is described from it.
 */
export function withCodes(problems: FieldProblem[], isEmptyAt: (field: string) => boolean): FieldProblem[] {
  return problems.map((p) => (p.code || !isEmptyAt(p.field) ? p : { ...p, code: 'REQUIRED' }));
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
 * What every organisation's form has around its own fields: the call and its deadline, the save
 * state, a conflict between tabs, the error summary, the call's files, "check and submit".
 */
export function DraftShell({
  d,
  call,
  problems,
  describe,
  codify,
  children,
}: {
  d: FormDraft;
  call: PublicCall;
  /** Every problem shown: the last submit's, the last save's, and the form's own checks. */
  problems: FieldProblem[];
  describe: (p: FieldProblem) => string;
  /**
   * The service's problems with codes filled in where the form knows them (see withCodes), judged
   * against what is typed, or (`server`) against the draft as the service last saved it.
   */
  codify: (ps: FieldProblem[], against?: 'server') => FieldProblem[];
  children: (locked: boolean, at: (field: string) => string | undefined) => ReactNode;
}) {
  const intl = useIntl();
  const { tag, locale } = useLocale();
  const navigate = useNavigate();
  const draft: Draft = d.draft;
  const applicationId = draft.id;
  const [submitError, setSubmitError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  const attempt = useRef<string | null>(null);
  const tz = call.timeZone;
  const closed = draft.call.state === 'CLOSED' || Date.parse(draft.call.closesAt) <= Date.now();
  const locked = draft.status === 'WITHDRAWN' || (closed && draft.status !== 'DRAFT');
  const deadline = `${formatInstant(draft.call.closesAt, tag, tz)} (${tz})`;

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
      if (!(err instanceof ApiError && err.status === 0)) attempt.current = null;
      setSubmitError(err);
      if (err instanceof ApiError && err.code === 'APPLICATION.INVALID') void d.refreshFromServer().catch(() => undefined);
    } finally {
      setSubmitting(false);
    }
  };

  const submitProblems = codify(submitError instanceof ApiError ? submitError.problems : []);
  const draftProblems = codify(draft.problems, 'server');
  const summary = [...submitProblems, ...problems];
  const at = (field: string) => {
    const p = summary.find((x) => x.field === field || x.field.startsWith(`${field}.`) || x.field.startsWith(`${field}[`));
    return p ? describe(p) : undefined;
  };

  return (
    <div className="draft">
      <p className="breadcrumb">
        <Link to="/applications">
          <FormattedMessage id="nav.myApplications" />
        </Link>
      </p>
      <h1>
        <FormattedMessage id="draft.title" />
      </h1>
      <p className="lead">
        <FormattedMessage id="draft.callLabel" values={{ title: <span lang={call.language}>{call.title}</span> }} />
      </p>
      <p data-testid="draft-deadline">
        <FormattedMessage id="draft.deadline" values={{ time: formatInstant(draft.call.closesAt, tag, tz), zone: tz }} />
      </p>
      {draft.status === 'SUBMITTED' && draft.submittedAt ? (
        <p className="notice notice--success">
          <FormattedMessage id="draft.submitted" values={{ time: `${formatInstant(draft.submittedAt, tag, tz)} (${tz})` }} />{' '}
          <Link to={`/applications/${applicationId}/receipt`}>
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

      <GrantErrors error={submitError} problems={summary} describe={describe} values={{ deadline }} />

      <form noValidate onSubmit={(e) => e.preventDefault()}>
        {children(locked, at)}

        {call.form?.attachments?.length ? (
          <section className="section" aria-labelledby="attachments-h">
            <h2 id="attachments-h">
              <FormattedMessage id="draft.section.attachments" />
            </h2>
            {call.form.attachments.map((slot) => (
              <AttachmentSlot
                key={slot.key}
                applicationId={applicationId}
                slot={{ ...slot, labels: slot.labels ?? (intl.messages[`ngo.attachment.${slot.key}`] ? Object.fromEntries([[locale, { title: intl.formatMessage({ id: `ngo.attachment.${slot.key}` }) }]]) : undefined) }}
                current={draft.attachments.find((a) => a.key === slot.key)}
                disabled={locked}
                error={(() => {
                  const p = summary.find((x) => x.field === `attachments.${slot.key}`);
                  return p ? describe(p) : undefined;
                })()}
                onChanged={() => void d.refreshFromServer()}
              />
            ))}
          </section>
        ) : null}

        <section className="section" aria-labelledby="check-h">
          <h2 id="check-h">
            <FormattedMessage id="draft.section.check" />
          </h2>
          {draftProblems.length ? (
            <div className="checklist" data-testid="problems">
              <h3>
                <FormattedMessage id="draft.problems.title" />
              </h3>
              <ul>
                {draftProblems.map((p, i) => (
                  <li key={`${p.field}-${i}`}>
                    <a href={`#${targetOf(p.field)}`}>{describe(p)}</a>
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
            <button type="button" className="button button--primary button--large" onClick={() => void submit()} aria-disabled={submitting} data-testid="submit">
              <FormattedMessage id={submitting ? 'draft.submitting' : 'draft.submit'} />
            </button>
          )}
        </section>
      </form>
    </div>
  );
}
