import { FormattedMessage, useIntl } from 'react-intl';
import { Link } from 'react-router';
import { formatDate, formatMoney } from '../format/format';
import { useLocale } from '../i18n/I18nProvider';
import type { Grant } from './types';
import './grants.css';

const known = (intl: ReturnType<typeof useIntl>, id: string, fallback: string) => (intl.messages[id] ? intl.formatMessage({ id }) : fallback);

/** The grant a page is about: its reference, amount in its currency, agreement and tranches. */
export function GrantHeader({ grant }: { grant: Grant }) {
  const intl = useIntl();
  const { tag } = useLocale();
  return (
    <section className="panel grant" aria-labelledby="grant-h" data-testid="grant">
      <h2 id="grant-h">
        <FormattedMessage id="grant.summary" values={{ reference: grant.reference }} />
      </h2>
      {grant.callTitle ? <p className="grant__call">{grant.callTitle}</p> : null}
      <dl className="grant__facts">
        <div>
          <dt>
            <FormattedMessage id="grant.amount" />
          </dt>
          <dd data-testid="grant-amount">{formatMoney(grant.amountMinor, grant.currency, tag)}</dd>
        </div>
        <div>
          <dt>
            <FormattedMessage id="grant.status" />
          </dt>
          <dd>{known(intl, `grant.status.${grant.status}`, grant.status)}</dd>
        </div>
        <div>
          <dt>
            <FormattedMessage id="grant.agreement" />
          </dt>
          <dd>
            {grant.agreement.status === 'SIGNED' && grant.agreement.signedOn ? (
              <FormattedMessage id="grant.agreement.signed" values={{ date: formatDate(`${grant.agreement.signedOn}T12:00:00Z`, tag, 'UTC') }} />
            ) : (
              known(intl, `grant.agreement.${grant.agreement.status}`, grant.agreement.status)
            )}
          </dd>
        </div>
      </dl>
      <h3>
        <FormattedMessage id="grant.tranches" />
      </h3>
      <ol className="tranches" data-testid="tranches">
        {grant.tranches.map((t) => (
          <li key={t.sequence} className="tranches__item">
            <p className="tranches__amount">
              <FormattedMessage id="grant.tranche" values={{ n: t.sequence, percent: intl.formatNumber(t.percent / 100, { style: 'percent', maximumFractionDigits: 2 }), amount: formatMoney(t.amountMinor, t.currency, tag) }} />
            </p>
            <p className="tranches__when">{known(intl, `grant.trigger.${t.trigger}`, t.trigger)}</p>
            <p className="tranches__state">
              {t.payment ? (
                <FormattedMessage id="grant.tranche.payment" values={{ status: known(intl, `grant.payment.${t.payment.status}`, t.payment.status) }} />
              ) : t.releasedAt ? (
                <FormattedMessage id="grant.tranche.released" />
              ) : (
                <FormattedMessage id="grant.tranche.waiting" />
              )}
            </p>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** Links between the grantee's pages, the current one marked. */
export function GrantNav({ grantId, current }: { grantId: string; current: 'bank' | 'reports' }) {
  const intl = useIntl();
  return (
    <nav className="grant-nav" aria-label={intl.formatMessage({ id: 'grant.nav' })}>
      <ul>
        <li>
          <Link to="/grants">
            <FormattedMessage id="grant.mine.title" />
          </Link>
        </li>
        <li>
          <Link to={`/grants/${grantId}/bank-details`} aria-current={current === 'bank' ? 'page' : undefined}>
            <FormattedMessage id="grant.bank.title" />
          </Link>
        </li>
        <li>
          <Link to={`/grants/${grantId}/reports`} aria-current={current === 'reports' ? 'page' : undefined}>
            <FormattedMessage id="grant.reports.title" />
          </Link>
        </li>
      </ul>
    </nav>
  );
}
