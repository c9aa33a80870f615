import { FormattedMessage, useIntl } from 'react-intl';
import { Link } from 'react-router';
import { api, unwrap } from '../api/client';
import type { MyApplication } from '../api/types';
import { useAsync } from '../app/useAsync';
import { usePageTitle } from '../app/usePageTitle';
import { LoadFailed, Loading } from '../components/PageStates';
import { formatInstant, zoneLabel } from '../format/format';
import { useLocale } from '../i18n/I18nProvider';
import { StatusLabel } from './TimelinePage';

export default function MyApplicationsPage() {
  const intl = useIntl();
  const { tag } = useLocale();
  usePageTitle(intl.formatMessage({ id: 'mine.title' }));
  const { data, error, loading } = useAsync(async () => (await unwrap<{ applications: MyApplication[] }>(api.GET('/api/applications'))).data.applications, []);
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
                <span className="ref">{a.callReference}</span>{' '}
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
                <div>
                  <dt>
                    <FormattedMessage id="catalogue.closes" />
                  </dt>
                  <dd>{formatInstant(a.closesAtLocal, tag)} ({zoneLabel(a.closesAtLocal, tag)})</dd>
                </div>
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
