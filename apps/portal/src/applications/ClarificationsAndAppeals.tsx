import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link } from 'react-router';
import { api, unwrap } from '../api/client';
import { ApiError } from '../api/errors';
import type { FieldProblem } from '../api/types';
import { useAsync } from '../app/useAsync';
import { describeProblem } from '../components/errors';
import { TextArea } from '../components/Field';
import { formatInstant } from '../format/format';
import { GrantErrors } from '../grants/GrantErrors';
import { useLocale } from '../i18n/I18nProvider';
import '../grants/grants.css';

interface Clarification {
  id: string;
  question: string;
  askedAt: string;
  respondBy: string;
  status: 'OPEN' | 'ANSWERED' | 'EXPIRED' | string;
  answer: string | null;
  answeredAt: string | null;
}

interface Appeal {
  id: string;
  stage: 'ELIGIBILITY' | 'RESULTS' | string;
  grounds: string;
  filedAt: string;
  status: 'FILED' | 'UPHELD' | 'REJECTED' | string;
  decisionReason: string | null;
  decidedAt: string | null;
}

/** Outcomes an applicant may appeal against, within the call's appeal window (the service decides). */
const APPEALABLE = new Set(['INELIGIBLE', 'NOT_SELECTED', 'RESERVE', 'APPEALED']);

const required = (field: string, v: string): FieldProblem[] => (v.trim() ? [] : [{ field, code: 'REQUIRED', reason: 'required' }]);

/** What the applicant answers or files on the timeline: the officer's questions and appeals. */
export function ClarificationsAndAppeals({ applicationId, status, timeZone }: { applicationId: string; status: string; timeZone: string }) {
  const intl = useIntl();
  const { tag } = useLocale();
  const when = (iso: string) => `${formatInstant(iso, tag, timeZone)} (${timeZone})`;
  const { data, reload } = useAsync(async () => {
    const [c, a] = await Promise.all([
      unwrap<{ clarifications: Clarification[] }>(api.GET('/api/applications/{applicationId}/clarifications', { params: { path: { applicationId } } })),
      unwrap<{ appeals: Appeal[] }>(api.GET('/api/applications/{applicationId}/appeals', { params: { path: { applicationId } } })),
    ]);
    return { clarifications: c.data.clarifications, appeals: a.data.appeals };
  }, [applicationId, status]);
  const [answer, setAnswer] = useState('');
  const [grounds, setGrounds] = useState('');
  const [answerError, setAnswerError] = useState<{ err?: unknown; problems: FieldProblem[] } | null>(null);
  const [appealError, setAppealError] = useState<{ err?: unknown; problems: FieldProblem[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<'answered' | 'appealed' | null>(null);

  if (!data) return null;
  const open = data.clarifications.find((c) => c.status === 'OPEN');
  const filed = data.appeals.some((a) => a.status === 'FILED');
  const labels = { answer: intl.formatMessage({ id: 'clarification.answer' }), grounds: intl.formatMessage({ id: 'appeal.grounds' }) };
  const describe = (p: FieldProblem) => describeProblem(intl, p, labels);
  const problemsOf = (e: { err?: unknown; problems: FieldProblem[] } | null) => [...(e?.problems ?? []), ...(e?.err instanceof ApiError ? e.err.problems : [])];
  const atOf = (e: { err?: unknown; problems: FieldProblem[] } | null, field: string) => {
    const p = problemsOf(e).find((x) => x.field === field);
    return p ? describe(p) : undefined;
  };

  const sendAnswer = async () => {
    const problems = required('answer', answer);
    setAnswerError(problems.length ? { problems } : null);
    if (problems.length || busy) return;
    setBusy(true);
    try {
      await unwrap(api.POST('/api/applications/{applicationId}/clarification/answer', { params: { path: { applicationId } }, body: { answer: answer.trim() } as never }));
      setAnswer('');
      setDone('answered');
      reload();
    } catch (err) {
      setAnswerError({ err, problems: [] });
    } finally {
      setBusy(false);
    }
  };
  const fileAppeal = async () => {
    const problems = required('grounds', grounds);
    setAppealError(problems.length ? { problems } : null);
    if (problems.length || busy) return;
    setBusy(true);
    try {
      await unwrap(api.POST('/api/applications/{applicationId}/appeals', { params: { path: { applicationId } }, body: { grounds: grounds.trim() } as never }));
      setGrounds('');
      setDone('appealed');
      reload();
    } catch (err) {
      setAppealError({ err, problems: [] });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {status === 'AWARDED' ? (
        <p className="notice notice--success">
          <Link to="/grants">
            <FormattedMessage id="grant.mine.fromTimeline" />
          </Link>
        </p>
      ) : null}
      {data.clarifications.length ? (
        <section className="panel" aria-labelledby="clarifications-h" data-testid="clarifications">
          <h2 id="clarifications-h">
            <FormattedMessage id="clarification.title" />
          </h2>
          <ol className="reports">
            {data.clarifications.map((c) => (
              <li key={c.id} className="reports__item">
                <p>
                  <strong>
                    <FormattedMessage id="clarification.question" />
                  </strong>{' '}
                  {c.question}
                </p>
                <p>
                  <FormattedMessage id={`clarification.status.${c.status === 'ANSWERED' || c.status === 'EXPIRED' ? c.status : 'OPEN'}`} values={{ time: when(c.status === 'ANSWERED' && c.answeredAt ? c.answeredAt : c.respondBy) }} />
                </p>
                {c.answer ? (
                  <p>
                    <strong>
                      <FormattedMessage id="clarification.yourAnswer" />
                    </strong>{' '}
                    {c.answer}
                  </p>
                ) : null}
              </li>
            ))}
          </ol>
          {done === 'answered' ? (
            <p className="notice notice--success" role="status">
              <FormattedMessage id="clarification.sent" />
            </p>
          ) : null}
          {open ? (
            <form
              noValidate
              onSubmit={(e) => {
                e.preventDefault();
                void sendAnswer();
              }}
            >
              <GrantErrors error={answerError?.err} problems={problemsOf(answerError)} describe={describe} />
              <TextArea name="answer" rows={6} label={labels.answer} hint={<FormattedMessage id="clarification.answer.hint" values={{ time: when(open.respondBy) }} />} value={answer} onChange={(e) => {
                  setAnswer(e.target.value);
                  if (answerError && !answerError.err && e.target.value.trim()) setAnswerError(null);
                }} error={atOf(answerError, 'answer')} />
              <button type="submit" className="button button--primary" aria-disabled={busy} data-testid="send-answer">
                <FormattedMessage id="clarification.send" />
              </button>
            </form>
          ) : null}
        </section>
      ) : null}
      {data.appeals.length || APPEALABLE.has(status) ? (
        <section className="panel" aria-labelledby="appeals-h" data-testid="appeals">
          <h2 id="appeals-h">
            <FormattedMessage id="appeal.title" />
          </h2>
          {data.appeals.length ? (
            <ol className="reports">
              {data.appeals.map((a) => (
                <li key={a.id} className="reports__item">
                  <p>
                    <strong>
                      <FormattedMessage id={`appeal.stage.${a.stage === 'ELIGIBILITY' ? 'ELIGIBILITY' : 'RESULTS'}`} />
                    </strong>{' '}
                    — <FormattedMessage id={`appeal.status.${a.status === 'UPHELD' || a.status === 'REJECTED' ? a.status : 'FILED'}`} />
                  </p>
                  <p>
                    <FormattedMessage id="appeal.filedAt" values={{ time: when(a.filedAt) }} />
                  </p>
                  <p>{a.grounds}</p>
                  {a.decisionReason ? (
                    <p>
                      <FormattedMessage id="appeal.reason" values={{ reason: a.decisionReason }} />
                    </p>
                  ) : null}
                </li>
              ))}
            </ol>
          ) : null}
          {done === 'appealed' ? (
            <p className="notice notice--success" role="status">
              <FormattedMessage id="appeal.sent" />
            </p>
          ) : null}
          {APPEALABLE.has(status) && !filed ? (
            <form
              noValidate
              onSubmit={(e) => {
                e.preventDefault();
                void fileAppeal();
              }}
            >
              <p>
                <FormattedMessage id="appeal.intro" />
              </p>
              <GrantErrors error={appealError?.err} problems={problemsOf(appealError)} describe={describe} />
              <TextArea name="grounds" rows={6} label={labels.grounds} hint={<FormattedMessage id="appeal.grounds.hint" />} value={grounds} onChange={(e) => {
                  setGrounds(e.target.value);
                  if (appealError && !appealError.err && e.target.value.trim()) setAppealError(null);
                }} error={atOf(appealError, 'grounds')} />
              <button type="submit" className="button button--primary" aria-disabled={busy} data-testid="file-appeal">
                <FormattedMessage id="appeal.file" />
              </button>
            </form>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
