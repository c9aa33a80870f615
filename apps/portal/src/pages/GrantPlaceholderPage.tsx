import { FormattedMessage, useIntl } from 'react-intl';
import { usePageTitle } from '../app/usePageTitle';

/**
 * The routes the award and payment e-mails link to. Their pages (bank details, reports) are the
 * portal's part 2; until then the links land on a page in the user's language, not a 404.
 */
export default function GrantPlaceholderPage({ page }: { page: 'bankDetails' | 'reports' }) {
  const intl = useIntl();
  const title = intl.formatMessage({ id: `grants.${page}.title` });
  usePageTitle(title);
  return (
    <>
      <h1>{title}</h1>
      <p className="notice">
        <FormattedMessage id="grants.placeholder" />
      </p>
    </>
  );
}
