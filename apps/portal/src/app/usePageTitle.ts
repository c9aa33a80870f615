import { useEffect } from 'react';
import { useIntl } from 'react-intl';

/** `<title>` per page, in the chosen language ("Open calls – Grants portal"). */
export function usePageTitle(page: string | undefined) {
  const intl = useIntl();
  useEffect(() => {
    if (page) document.title = intl.formatMessage({ id: 'page.title' }, { page });
  }, [page, intl]);
}
