import { FormattedMessage, useIntl } from 'react-intl';
import { describeError } from './errors';

export function Loading() {
  return (
    <p className="loading" role="status">
      <FormattedMessage id="app.loading" />
    </p>
  );
}

/** A page that could not load: its heading says why, in the user's language. */
export function LoadFailed({ error }: { error: unknown }) {
  const intl = useIntl();
  return (
    <div className="notice notice--error">
      <h1>{describeError(intl, error)}</h1>
    </div>
  );
}
