import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link, useParams } from 'react-router';
import { api, query, unwrap } from '../api/client';
import type { PublicCall } from '../api/types';
import { useAsync } from '../app/useAsync';
import { usePageTitle } from '../app/usePageTitle';
import { Countdown, DeadlineText } from '../components/Deadline';
import { LoadFailed, Loading } from '../components/PageStates';
import { formatInstant, formatMoney } from '../format/format';
import { languageName, listOf } from '../format/languages';
import { useLocale } from '../i18n/I18nProvider';
import { useSession } from '../session/useSession';

export default function CallPage() {
  const { callId = '' } = useParams();
  const intl = useIntl();
  const { locale, tag } = useLocale();
  const { user } = useSession();
  const [passed, setPassed] = useState(false);
  const { data: call, error, loading } = useAsync(
    async () =>
      (await unwrap<PublicCall>(api.GET('/api/calls/catalogue/{callId}', { params: { path: { callId }, ...query({ lang: locale }) } as never }))).data,
    [callId, locale],
  );
  usePageTitle(call?.title);
  if (loading && !call) return <Loading />;
  if (error || !call) return <LoadFailed error={error} />;

  const e = call.eligibility ?? {};
  const closed = passed || call.deadline.passed || call.status === 'CLOSED';
  const notOpen = !closed && Date.parse(call.opensAt) > Date.now();
  const applyPath = `/calls/${call.id}/apply`;

  return (
    <article className="call" lang={call.language}>
      <p className="breadcrumb" lang={tag}>
        <Link to="/">
          <FormattedMessage id="call.back" />
        </Link>
      </p>
      <p className="card__meta" lang={tag}>
        <span className="tag">
          <FormattedMessage id={`kind.${call.kind}`} />
        </span>{' '}
        <span className="ref">{call.referenceCode}</span>
      </p>
      <h1>{call.title}</h1>
      {call.fallback ? (
        <p className="notice" lang={tag} data-testid="fallback-notice">
          <FormattedMessage id="call.fallback" values={{ language: languageName(locale, tag), shown: languageName(call.language, tag) }} />
        </p>
      ) : null}
      {call.summary ? <p className="lead">{call.summary}</p> : null}

      <section className="panel" lang={tag} aria-labelledby="deadline-h">
        <h2 id="deadline-h">
          <FormattedMessage id="call.deadline" />
        </h2>
        <p className="deadline">
          <DeadlineText at={call.closesAt} timeZone={call.timeZone} />
        </p>
        {closed ? (
          <p className="notice notice--warn">
            <FormattedMessage id="call.closed" values={{ time: `${formatInstant(call.closesAt, tag, call.timeZone)} (${call.timeZone})` }} />
          </p>
        ) : notOpen ? (
          <p className="notice">
            <FormattedMessage id="call.notOpenYet" values={{ time: `${formatInstant(call.opensAt, tag, call.timeZone)} (${call.timeZone})` }} />
          </p>
        ) : (
          <>
            <Countdown until={call.closesAt} onPassed={() => setPassed(true)} />
            <p>
              <Link className="button button--primary" to={user ? applyPath : `/login?next=${encodeURIComponent(applyPath)}`} data-testid="apply">
                <FormattedMessage id={user ? 'call.apply' : 'call.loginToApply'} />
              </Link>
            </p>
          </>
        )}
      </section>

      <section className="panel" lang={tag} aria-labelledby="budget-h">
        <h2 id="budget-h">
          <FormattedMessage id="call.budget" />
        </h2>
        <p className="amount">{formatMoney(call.budgetMinor, call.currency, tag)}</p>
        {call.awardRules?.prizesMinor?.length ? (
          <ul>
            {call.awardRules.prizesMinor.map((p, i) => (
              <li key={i}>
                <FormattedMessage id="call.prize" values={{ rank: i + 1, amount: formatMoney(p, call.currency, tag) }} />
              </li>
            ))}
          </ul>
        ) : null}
      </section>

      <section className="panel" lang={tag} aria-labelledby="elig-h">
        <h2 id="elig-h">
          <FormattedMessage id="call.eligibility" />
        </h2>
        <ul>
          {e.applicantTypes?.length ? (
            <li>
              <FormattedMessage id="call.eligibility.types" values={{ types: listOf(e.applicantTypes.map((t) => intl.formatMessage({ id: `applicantType.${t}` })), tag) }} />
            </li>
          ) : null}
          {e.ageRange ? (
            <li>
              <FormattedMessage id="call.eligibility.age" values={{ min: e.ageRange.minAge ?? 0, max: e.ageRange.maxAge ?? '∞' }} />
            </li>
          ) : null}
          {e.guardianConsentUnderAge ? (
            <li>
              <FormattedMessage id="call.eligibility.guardian" values={{ age: e.guardianConsentUnderAge }} />
            </li>
          ) : null}
          {e.wordLimits ? (
            <li>
              <FormattedMessage id="call.eligibility.words" values={{ min: e.wordLimits.minWords ?? 0, max: e.wordLimits.maxWords ?? '∞' }} />
            </li>
          ) : null}
          {e.onePerApplicant ? (
            <li>
              <FormattedMessage id="call.eligibility.onePerApplicant" />
            </li>
          ) : null}
          {call.submissionLanguages?.length ? (
            <li>
              <FormattedMessage id="call.eligibility.languages" values={{ languages: listOf(call.submissionLanguages.map((l) => languageName(l, tag)), tag) }} />
            </li>
          ) : null}
        </ul>
      </section>

      {call.body ? (
        <section className="call__body">
          {call.body.split(/\n{2,}/).map((para, i) => (
            <p key={i}>{para}</p>
          ))}
        </section>
      ) : null}
    </article>
  );
}
