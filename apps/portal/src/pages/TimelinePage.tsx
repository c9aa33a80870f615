import { FormattedMessage, useIntl } from 'react-intl';
import { Link, useParams } from 'react-router';
import { api, query, unwrap } from '../api/client';
import type { PublicCall, Timeline } from '../api/types';
import { ClarificationsAndAppeals } from '../applications/ClarificationsAndAppeals';
import { useAsync } from '../app/useAsync';
import { usePageTitle } from '../app/usePageTitle';
import { LoadFailed, Loading } from '../components/PageStates';
import { formatInstant } from '../format/format';
import { useLocale } from '../i18n/I18nProvider';

export function StatusLabel({ status }: { status: string }) {
  const intl = useIntl();
  return <>{intl.messages[`status.${status}`] ? intl.formatMessage({ id: `status.${status}` }) : intl.formatMessage({ id: 'status.other' }, { status })}</>;
}

/** Where an application stands and how it got there (the e-mails link here). */
export default function TimelinePage() {
  const { applicationId = '' } = useParams();
  const intl = useIntl();
  const { locale, tag } = useLocale();
  const { data, error, loading } = useAsync(async () => {
    const t = (await unwrap<Timeline>(api.GET('/api/applications/{applicationId}/timeline', { params: { path: { applicationId } } }))).data;
    const call = (await unwrap<PublicCall>(api.GET('/api/calls/catalogue/{callId}', { params: { path: { callId: t.callId }, ...query({ lang: locale }) } as never }))).data;
    return { t, call };
  }, [applicationId, locale]);
  const title = data ? intl.formatMessage({ id: 'timeline.title' }, { reference: data.t.reference ?? data.call.referenceCode }) : undefined;
  usePageTitle(title);
  if (loading && !data) return <Loading />;
  if (error || !data) return <LoadFailed error={error} />;
  const { t, call } = data;
  return (
    <>
      <p className="breadcrumb">
        <Link to="/applications">
          <FormattedMessage id="nav.myApplications" />
        </Link>
      </p>
      <h1>{title}</h1>
      <p className="lead">
        <span lang={call.language}>{call.title}</span>
      </p>
      <section className="panel" aria-labelledby="status-h">
        <h2 id="status-h">
          <FormattedMessage id="timeline.status" />
        </h2>
        <p className={`badge badge--${t.status.toLowerCase()}`} data-testid="current-status">
          <StatusLabel status={t.status} />
        </p>
        <p>
          {t.receipt ? (
            <Link to={`/applications/${applicationId}/receipt`}>
              <FormattedMessage id="timeline.receipt" />
            </Link>
          ) : null}
          {t.status === 'DRAFT' || (t.status === 'SUBMITTED' && !call.deadline.passed) ? (
            <>
              {t.receipt ? ' · ' : null}
              <Link to={`/applications/${applicationId}/edit`}>
                <FormattedMessage id="timeline.edit" />
              </Link>
            </>
          ) : null}
        </p>
      </section>
      <ClarificationsAndAppeals applicationId={applicationId} status={t.status} timeZone={call.timeZone} />
      <section aria-labelledby="history-h">
        <h2 id="history-h">
          <FormattedMessage id="timeline.history" />
        </h2>
        <ol className="timeline" data-testid="timeline">
          {t.timeline.map((e, i) => (
            <li key={i} className="timeline__item">
              <p className="timeline__status">
                <StatusLabel status={e.status} />
              </p>
              <p className="timeline__time">
                <time dateTime={e.at}>
                  {formatInstant(e.at, tag, call.timeZone)} ({call.timeZone})
                </time>
              </p>
              {e.receipt ? <p className="timeline__ref">{e.receipt.reference}</p> : null}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
