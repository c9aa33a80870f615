import { FormattedMessage, useIntl } from 'react-intl';
import { Link, useParams, useSearchParams } from 'react-router';
import { api, query, unwrap } from '../api/client';
import type { PublicCall, Timeline } from '../api/types';
import { useAsync } from '../app/useAsync';
import { usePageTitle } from '../app/usePageTitle';
import { LoadFailed, Loading } from '../components/PageStates';
import { formatInstant } from '../format/format';
import { useLocale } from '../i18n/I18nProvider';

interface Verification {
  valid: boolean;
  matchesGivenSha256?: boolean;
}

/**
 * The receipt: reference, time in the call's zone, SHA-256, and a link that re-checks it against
 * what the platform holds now (`?verify=<sha256>`). Printable (print.css).
 */
export default function ReceiptPage() {
  const { applicationId = '' } = useParams();
  const [params] = useSearchParams();
  const intl = useIntl();
  const { locale, tag } = useLocale();
  const verify = params.get('verify');
  usePageTitle(intl.formatMessage({ id: 'receipt.title' }));
  const { data, error, loading } = useAsync(async () => {
    const t = (await unwrap<Timeline>(api.GET('/api/applications/{applicationId}/timeline', { params: { path: { applicationId } } }))).data;
    const call = (await unwrap<PublicCall>(api.GET('/api/calls/catalogue/{callId}', { params: { path: { callId: t.callId }, ...query({ lang: locale }) } as never }))).data;
    return { t, call };
  }, [applicationId, locale]);
  const check = useAsync(
    async () =>
      verify
        ? (await unwrap<Verification>(api.GET('/api/applications/{applicationId}/receipt/verify', { params: { path: { applicationId }, ...query({ sha256: verify }) } as never }))).data
        : null,
    [applicationId, verify],
  );
  if (loading && !data) return <Loading />;
  if (error || !data) return <LoadFailed error={error} />;
  const { t, call } = data;
  const r = t.receipt;
  if (!r) {
    return (
      <>
        <h1>
          <FormattedMessage id="receipt.title" />
        </h1>
        <p className="notice">
          <FormattedMessage id="receipt.none" />
        </p>
        <Link to={`/applications/${applicationId}/edit`}>
          <FormattedMessage id="timeline.edit" />
        </Link>
      </>
    );
  }
  const ok = check.data ? (check.data.matchesGivenSha256 ?? check.data.valid) : null;
  return (
    <article className="receipt" data-testid="receipt">
      <h1>
        <FormattedMessage id="receipt.title" />
      </h1>
      <p className="lead">
        <span lang={call.language}>{call.title}</span> · {call.referenceCode}
      </p>
      <p className="no-print">
        <FormattedMessage id="receipt.intro" />
      </p>
      {ok !== null ? (
        <p className={`notice ${ok ? 'notice--success' : 'notice--error'}`} role="status" data-testid="verify-result">
          <FormattedMessage id={ok ? 'receipt.verify.valid' : 'receipt.verify.invalid'} />
        </p>
      ) : null}
      <dl className="receipt__facts">
        <div>
          <dt>
            <FormattedMessage id="receipt.reference" />
          </dt>
          <dd className="receipt__reference" data-testid="receipt-reference">
            {r.reference}
          </dd>
        </div>
        <div>
          <dt>
            <FormattedMessage id="receipt.submittedAt" />
          </dt>
          <dd data-testid="receipt-time">
            {formatInstant(r.submittedAt, tag, call.timeZone)} ({call.timeZone})
          </dd>
        </div>
        <div>
          <dt>
            <FormattedMessage id="receipt.sha256" />
          </dt>
          <dd className="receipt__sha" data-testid="receipt-sha256">
            <code>{r.contentSha256}</code>
          </dd>
        </div>
      </dl>
      <ul className="link-list no-print">
        <li>
          <Link to={`/applications/${applicationId}/receipt?verify=${r.contentSha256}`} data-testid="verify-link">
            <FormattedMessage id="receipt.verify" />
          </Link>
        </li>
        <li>
          <button type="button" className="link-button" onClick={() => window.print()}>
            <FormattedMessage id="receipt.print" />
          </button>
        </li>
        <li>
          <Link to={`/applications/${applicationId}`}>
            <FormattedMessage id="receipt.timeline" />
          </Link>
        </li>
      </ul>
    </article>
  );
}
