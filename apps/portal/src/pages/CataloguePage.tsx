import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link, useSearchParams } from 'react-router';
import { api, query, unwrap } from '../api/client';
import type { Catalogue } from '../api/types';
import { useAsync } from '../app/useAsync';
import { usePageTitle } from '../app/usePageTitle';
import { LoadFailed, Loading } from '../components/PageStates';
import { formatInstant, formatMoney } from '../format/format';
import { useLocale } from '../i18n/I18nProvider';

export default function CataloguePage() {
  const intl = useIntl();
  const { locale, tag } = useLocale();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [text, setText] = useState(q);
  usePageTitle(intl.formatMessage({ id: 'catalogue.title' }));
  const { data, error, loading } = useAsync(
    async () => (await unwrap<Catalogue>(api.GET('/api/calls/catalogue', { params: query({ q: q.trim() || undefined, lang: locale, pageSize: 50 }) as never }))).data,
    [q, locale],
  );

  return (
    <>
      <h1>
        <FormattedMessage id="catalogue.title" />
      </h1>
      <p className="lead">
        <FormattedMessage id="catalogue.intro" />
      </p>
      <form
        role="search"
        className="search"
        onSubmit={(e) => {
          e.preventDefault();
          setParams(text.trim() ? { q: text.trim() } : {});
        }}
      >
        <label htmlFor="catalogue-q" className="field__label">
          <FormattedMessage id="catalogue.search.label" />
        </label>
        <p className="field__hint" id="catalogue-q-hint">
          <FormattedMessage id="catalogue.search.hint" />
        </p>
        <div className="search__row">
          <input
            id="catalogue-q"
            className="input"
            type="search"
            name="q"
            value={text}
            maxLength={200}
            aria-describedby="catalogue-q-hint"
            onChange={(e) => setText(e.target.value)}
          />
          <button type="submit" className="button">
            <FormattedMessage id="catalogue.search.button" />
          </button>
        </div>
      </form>
      {loading && !data ? <Loading /> : null}
      {error ? <LoadFailed error={error} /> : null}
      {data && (
        <section aria-labelledby="catalogue-results">
          <h2 id="catalogue-results" className="results-count" aria-live="polite">
            <FormattedMessage id="catalogue.results" values={{ count: data.total }} />
          </h2>
          {data.items.length === 0 ? (
            <p>
              <FormattedMessage id="catalogue.empty" />
            </p>
          ) : (
            <ul className="cards">
              {data.items.map((c) => (
                <li key={c.id} className="card" data-testid="catalogue-item">
                  <p className="card__meta">
                    <span className="tag">
                      <FormattedMessage id={`kind.${c.kind}`} />
                    </span>{' '}
                    <span className={`badge badge--${c.status.toLowerCase()}`}>
                      <FormattedMessage id={intl.messages[`catalogue.status.${c.status}`] ? `catalogue.status.${c.status}` : 'catalogue.status.other'} />
                    </span>
                  </p>
                  <h3 className="card__title">
                    <Link to={`/calls/${c.id}`} lang={c.language}>
                      {c.title}
                    </Link>
                  </h3>
                  {c.summary ? (
                    <p className="card__summary" lang={c.language}>
                      {c.summary}
                    </p>
                  ) : null}
                  <dl className="facts">
                    <div>
                      <dt>
                        <FormattedMessage id="catalogue.budget" />
                      </dt>
                      <dd>{formatMoney(c.budgetMinor, c.currency, tag)}</dd>
                    </div>
                    <div>
                      <dt>
                        <FormattedMessage id="catalogue.closes" />
                      </dt>
                      <dd>
                        {formatInstant(c.closesAt, tag, c.timeZone)} ({c.timeZone})
                      </dd>
                    </div>
                  </dl>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </>
  );
}
