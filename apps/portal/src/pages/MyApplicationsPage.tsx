import { FormattedMessage, useIntl } from 'react-intl';
import { Link } from 'react-router';
import { api, query, unwrap } from '../api/client';
import type { MyApplication, PublicCall } from '../api/types';
import { useAsync } from '../app/useAsync';
import { usePageTitle } from '../app/usePageTitle';
import { LoadFailed, Loading } from '../components/PageStates';
import { formatInstant } from '../format/format';
import { useLocale } from '../i18n/I18nProvider';
import { StatusLabel } from './TimelinePage';

export default function MyApplicationsPage() {
  const intl = useIntl();
  const { locale, tag } = useLocale();
  usePageTitle(intl.formatMessage({ id: 'mine.title' }));
  const { data, error, loading } = useAsync(async () => {
    const list = (await unwrap<{ applications: MyApplication[] }>(api.GET('/api/applications'))).data.applications;
    // Each call once, for its title, deadline instant and time zone in the chosen language.
    const calls = new Map<string, PublicCall>();
    await Promise.all(
      [...new Set(list.map((a) => a.callId))].map(async (callId) => {
        const c = await unwrap<PublicCall>(api.GET('/api/calls/catalogue/{callId}', { params: { path: { callId }, ...query({ lang: locale }) } as never })).catch(() => null);
        if (c) calls.set(callId, c.data);
      }),
    );
    return list.map((a) => ({ ...a, call: calls.get(a.callId) }));
  }, [locale]);
  return (
    <>
      <h1>
        <FormattedMessage id="mine.title" />
      </h1>
      {loading && !data ? <Loading /> : null}
      {error ? <LoadFailed error={error} /> : null}
      {data && data.length === 0 ? (
        <p>
          <FormattedMessage id="mine.empty" /> <Link to="/">
            <FormattedMessage id="mine.findCall" />
          </Link>
        </p>
      ) : null}
      {data && data.length > 0 ? (
        <ul className="cards">
          {data.map((a) => (
            <li key={a.id} className="card" data-testid="my-application">
              <p className="card__meta">
                {a.call ? <span lang={a.call.language}>{a.call.title}</span> : null} <span className="ref">{a.callReference}</span>{' '}
                <span className={`badge badge--${a.status.toLowerCase()}`}>
                  <StatusLabel status={a.status} />
                </span>
              </p>
              <h2 className="card__title">
                <Link to={a.status === 'DRAFT' ? `/applications/${a.id}/edit` : `/applications/${a.id}`}>{a.title ?? a.reference ?? a.callReference}</Link>
              </h2>
              <dl className="facts">
                {a.reference ? (
                  <div>
                    <dt>
                      <FormattedMessage id="mine.reference" />
                    </dt>
                    <dd>{a.reference}</dd>
                  </div>
                ) : null}
                {a.call ? (
                  <div>
                    <dt>
                      <FormattedMessage id="catalogue.closes" />
                    </dt>
                    <dd>
                      {formatInstant(a.call.closesAt, tag, a.call.timeZone)} ({a.call.timeZone})
                    </dd>
                  </div>
                ) : null}
              </dl>
              <p>
                {a.status === 'DRAFT' ? (
                  <Link to={`/applications/${a.id}/edit`}>
                    <FormattedMessage id="mine.edit" />
                  </Link>
                ) : (
                  <Link to={`/applications/${a.id}`}>
                    <FormattedMessage id="mine.view" />
                  </Link>
                )}
              </p>
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
