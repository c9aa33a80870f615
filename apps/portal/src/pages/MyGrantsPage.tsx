import { FormattedMessage, useIntl } from 'react-intl';
import { Link } from 'react-router';
import { api, unwrap } from '../api/client';
import { useAsync } from '../app/useAsync';
import { usePageTitle } from '../app/usePageTitle';
import { LoadFailed, Loading } from '../components/PageStates';
import { formatMoney } from '../format/format';
import type { GrantSummary } from '../grants/types';
import { useLocale } from '../i18n/I18nProvider';
import '../grants/grants.css';

/** The signed-in grantee's grants, each with its bank details and reports. */
export default function MyGrantsPage() {
  const intl = useIntl();
  const { tag } = useLocale();
  const title = intl.formatMessage({ id: 'grant.mine.title' });
  usePageTitle(title);
  const { data, error, loading } = useAsync(async () => (await unwrap<{ grants: GrantSummary[] }>(api.GET('/api/disbursement/my-grants'))).data.grants, []);
  if (loading && !data) return <Loading />;
  if (error || !data) return <LoadFailed error={error} />;
  return (
    <>
      <h1>{title}</h1>
      {data.length === 0 ? (
        <p>
          <FormattedMessage id="grant.mine.none" />
        </p>
      ) : (
        <ul className="grant-list" data-testid="my-grants">
          {data.map((g) => (
            <li key={g.id}>
              <h2 className="grant-list__ref">{g.reference}</h2>
              <p>
                <FormattedMessage id="grant.mine.line" values={{ amount: formatMoney(g.amountMinor, g.currency, tag), status: intl.messages[`grant.status.${g.status}`] ? intl.formatMessage({ id: `grant.status.${g.status}` }) : g.status }} />
              </p>
              <p>
                <Link to={`/grants/${g.id}/bank-details`}>
                  <FormattedMessage id="grant.bank.title" />
                </Link>
                {' · '}
                <Link to={`/grants/${g.id}/reports`}>
                  <FormattedMessage id="grant.reports.title" />
                </Link>
                {' · '}
                <Link to={`/applications/${g.applicationId}`}>
                  <FormattedMessage id="grant.mine.application" />
                </Link>
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
