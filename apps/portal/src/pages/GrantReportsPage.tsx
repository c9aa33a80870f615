import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { useParams } from 'react-router';
import { api, authorizedFetch, unwrap } from '../api/client';
import { ApiError } from '../api/errors';
import type { FieldProblem } from '../api/types';
import { useAsync } from '../app/useAsync';
import { usePageTitle } from '../app/usePageTitle';
import { describeError, describeProblem, fieldId } from '../components/errors';
import { TextArea, TextField } from '../components/Field';
import { LoadFailed, Loading } from '../components/PageStates';
import { formatBytes, formatInstant, formatNumber, visitorTimeZone } from '../format/format';
import { GrantErrors } from '../grants/GrantErrors';
import { GrantHeader, GrantNav } from '../grants/GrantHeader';
import { fileToBase64, REPORT_FILE_MAX, reportProblems, type ReportValues } from '../grants/reports';
import type { Grant, GrantReport } from '../grants/types';
import { useLocale } from '../i18n/I18nProvider';

async function download(reportId: string, a: { id: string; fileName: string }) {
  const res = await authorizedFetch(new Request(`/api/disbursement/reports/${reportId}/attachments/${a.id}`, { credentials: 'same-origin' }));
  if (!res.ok) throw await ApiError.from(res);
  const url = URL.createObjectURL(await res.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = a.fileName;
  link.click();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const EMPTY: ReportValues = { kind: 'FINAL', narrative: '', eventsHeld: '', participants: '', municipalitiesReached: '', file: null };

/** The grantee files the final (or an interim) report with its attachment, and follows its decision. */
export default function GrantReportsPage() {
  const { grantId = '' } = useParams();
  const intl = useIntl();
  const { tag } = useLocale();
  const title = intl.formatMessage({ id: 'grant.reports.title' });
  usePageTitle(title);
  const { data, error, loading, reload } = useAsync(async () => {
    const grant = (await unwrap<Grant>(api.GET('/api/disbursement/grants/{grantId}', { params: { path: { grantId } } }))).data;
    const { reports } = (await unwrap<{ reports: GrantReport[] }>(api.GET('/api/disbursement/grants/{grantId}/reports', { params: { path: { grantId } } }))).data;
    return { grant, reports };
  }, [grantId]);
  const [v, setV] = useState<ReportValues>(EMPTY);
  const [shown, setShown] = useState<FieldProblem[]>([]);
  const [sendError, setSendError] = useState<unknown>(null);
  const [sending, setSending] = useState(false);
  const [sent, setSent] = useState(false);
  const [downloadError, setDownloadError] = useState<unknown>(null);
  // A new file input after sending: the browser keeps a chosen file otherwise.
  const [fileKey, setFileKey] = useState(0);

  if (loading && !data) return <Loading />;
  if (error || !data) return <LoadFailed error={error} />;
  const { grant, reports } = data;
  const labels = {
    narrative: intl.formatMessage({ id: 'grant.report.narrative' }),
    'indicators.eventsHeld': intl.formatMessage({ id: 'grant.report.eventsHeld' }),
    'indicators.participants': intl.formatMessage({ id: 'grant.report.participants' }),
    'indicators.municipalitiesReached': intl.formatMessage({ id: 'grant.report.municipalitiesReached' }),
    attachment: intl.formatMessage({ id: 'grant.report.attachment' }),
  };
  const describe = (p: FieldProblem) =>
    p.code && intl.messages[`grant.problem.${p.code}`] ? intl.formatMessage({ id: `grant.problem.${p.code}` }, { field: labels[p.field as keyof typeof labels] ?? p.field, max: formatBytes(REPORT_FILE_MAX, tag) }) : describeProblem(intl, p, labels);
  const all = [...shown, ...(sendError instanceof ApiError ? sendError.problems : [])];
  const at = (field: string) => {
    const p = all.find((x) => x.field === field || x.field.startsWith(`${field}.`) || x.field.startsWith(`${field}[`));
    return p ? describe(p) : undefined;
  };
  const finalApproved = reports.some((r) => r.kind === 'FINAL' && r.status === 'APPROVED');
  const waiting = reports.some((r) => r.status === 'SUBMITTED');
  const canFile = grant.status === 'OPEN' && grant.agreement.status === 'SIGNED' && !finalApproved;
  const set = (k: keyof ReportValues) => (e: { target: { value: string } }) => {
    setV({ ...v, [k]: e.target.value });
    setSent(false);
    if (shown.length) setShown(reportProblems({ ...v, [k]: e.target.value }).filter((p) => shown.some((x) => x.field === p.field)));
  };

  const send = async () => {
    if (sending) return;
    setSendError(null);
    const problems = reportProblems(v);
    setShown(problems);
    if (problems.length) return;
    setSending(true);
    try {
      const attachments = v.file ? [{ fileName: v.file.name, contentType: v.file.type || 'application/pdf', contentBase64: await fileToBase64(v.file as Blob) }] : [];
      await unwrap(
        api.POST('/api/disbursement/grants/{grantId}/reports', {
          params: { path: { grantId } },
          body: {
            kind: v.kind,
            narrative: v.narrative.trim(),
            indicators: { eventsHeld: Number(v.eventsHeld), participants: Number(v.participants), municipalitiesReached: Number(v.municipalitiesReached) },
            ...(attachments.length ? { attachments } : {}),
          } as never,
        }),
      );
      setV(EMPTY);
      setFileKey((k) => k + 1);
      setSent(true);
      reload();
    } catch (err) {
      setSendError(err);
    } finally {
      setSending(false);
    }
  };

  return (
    <>
      <GrantNav grantId={grantId} current="reports" />
      <h1>{title}</h1>
      <GrantHeader grant={grant} />

      <section aria-labelledby="reports-h">
        <h2 id="reports-h">
          <FormattedMessage id="grant.reports.list" />
        </h2>
        {reports.length === 0 ? (
          <p>
            <FormattedMessage id="grant.reports.none" />
          </p>
        ) : (
          <ol className="reports" data-testid="reports">
            {reports.map((r) => (
              <li key={r.id} className="reports__item" data-testid="report">
                <p className="tranches__amount">
                  <FormattedMessage id={`grant.report.kind.${r.kind}`} values={{ n: r.number }} />
                  {' — '}
                  <span className={`badge badge--${r.status.toLowerCase()}`} data-testid="report-status">
                    {intl.messages[`grant.report.status.${r.status}`] ? intl.formatMessage({ id: `grant.report.status.${r.status}` }) : r.status}
                  </span>
                </p>
                <p>
                  <FormattedMessage id="grant.report.submittedAt" values={{ time: `${formatInstant(r.submittedAt, tag, visitorTimeZone())} (${visitorTimeZone()})` }} />
                </p>
                <p>
                  <FormattedMessage
                    id="grant.report.indicatorsLine"
                    values={{ events: formatNumber(r.indicators.eventsHeld, tag), participants: formatNumber(r.indicators.participants, tag), municipalities: formatNumber(r.indicators.municipalitiesReached, tag) }}
                  />
                </p>
                {r.decisionComment ? (
                  <p>
                    <FormattedMessage id="grant.report.comment" values={{ comment: r.decisionComment }} />
                  </p>
                ) : null}
                {r.attachments.map((a) => (
                  <p key={a.id}>
                    <button type="button" className="link-button" onClick={() => void download(r.id, a).catch(setDownloadError)}>
                      <FormattedMessage id="grant.report.download" values={{ name: a.fileName, size: formatBytes(a.sizeBytes, tag) }} />
                    </button>
                  </p>
                ))}
              </li>
            ))}
          </ol>
        )}
        {downloadError ? (
          <p className="notice notice--error" role="alert">
            {describeError(intl, downloadError)}
          </p>
        ) : null}
      </section>

      {sent ? (
        <p className="notice notice--success" role="status" data-testid="report-sent">
          <FormattedMessage id="grant.report.sent" />
        </p>
      ) : null}

      {canFile ? (
        <section aria-labelledby="file-h">
          <h2 id="file-h">
            <FormattedMessage id="grant.report.file" />
          </h2>
          {waiting ? (
            <p className="notice">
              <FormattedMessage id="grant.report.waiting" />
            </p>
          ) : null}
          <GrantErrors error={sendError} problems={all} describe={describe} />
          <form
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              void send();
            }}
          >
            <fieldset className="report-kind">
              <legend className="field__label">
                <FormattedMessage id="grant.report.kind" />
              </legend>
              {(['FINAL', 'INTERIM'] as const).map((k) => (
                <label key={k} className="report-kind__choice">
                  <input type="radio" name="kind" value={k} checked={v.kind === k} onChange={() => setV({ ...v, kind: k })} />
                  <span>
                    <FormattedMessage id={`grant.report.kindChoice.${k}`} />
                  </span>
                </label>
              ))}
            </fieldset>
            <TextArea name="narrative" rows={8} label={labels.narrative} hint={<FormattedMessage id="grant.report.narrative.hint" />} value={v.narrative} onChange={set('narrative')} error={at('narrative')} />
            <div className="indicators">
              <TextField name="indicators.eventsHeld" inputMode="numeric" label={labels['indicators.eventsHeld']} value={v.eventsHeld} onChange={set('eventsHeld')} error={at('indicators.eventsHeld')} />
              <TextField name="indicators.participants" inputMode="numeric" label={labels['indicators.participants']} value={v.participants} onChange={set('participants')} error={at('indicators.participants')} />
              <TextField
                name="indicators.municipalitiesReached"
                inputMode="numeric"
                label={labels['indicators.municipalitiesReached']}
                value={v.municipalitiesReached}
                onChange={set('municipalitiesReached')}
                error={at('indicators.municipalitiesReached')}
              />
            </div>
            <div className={`field${at('attachment') || at('attachments') ? ' field--error' : ''}`}>
              <label className="field__label" htmlFor={fieldId('attachment')}>
                {labels.attachment}
                <span className="field__optional">
                  {' '}
                  (<FormattedMessage id="form.optional" />)
                </span>
              </label>
              <p className="field__hint" id={`${fieldId('attachment')}-hint`}>
                <FormattedMessage id="grant.report.attachment.hint" values={{ max: formatBytes(REPORT_FILE_MAX, tag) }} />
              </p>
              {at('attachment') || at('attachments') ? (
                <p className="field__error" id={`${fieldId('attachment')}-error`}>
                  {at('attachment') ?? at('attachments')}
                </p>
              ) : null}
              <div className="file-choice">
                <input
                  key={fileKey}
                  id={fieldId('attachment')}
                  type="file"
                  accept="application/pdf"
                  className="visually-hidden-input"
                  aria-describedby={`${fieldId('attachment')}-hint`}
                  onChange={(e) => setV({ ...v, file: e.target.files?.[0] ?? null })}
                  data-testid="report-file"
                />
                <label htmlFor={fieldId('attachment')} className="button button--secondary">
                  <FormattedMessage id="grant.report.choose" />
                </label>
                <span data-testid="report-file-name">
                  {v.file ? <FormattedMessage id="grant.report.chosen" values={{ name: v.file.name, size: formatBytes(v.file.size, tag) }} /> : null}
                </span>
              </div>
            </div>
            <button type="submit" className="button button--primary" aria-disabled={sending} data-testid="send-report">
              <FormattedMessage id={sending ? 'grant.report.sending' : 'grant.report.send'} />
            </button>
          </form>
        </section>
      ) : (
        <p className="notice" data-testid="cannot-report">
          <FormattedMessage id={finalApproved ? 'grant.report.finalApproved' : grant.agreement.status !== 'SIGNED' ? 'grant.report.notSigned' : 'grant.report.notOpen'} />
        </p>
      )}
    </>
  );
}
