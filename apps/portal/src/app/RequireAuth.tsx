import type { ReactNode } from 'react';
import { FormattedMessage } from 'react-intl';
import { Navigate, useLocation } from 'react-router';
import { useSession } from '../session/useSession';

/** Pages for a logged-in person: wait for the silent refresh, else go to the login and come back. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { user, ready } = useSession();
  const location = useLocation();
  if (!ready) {
    return (
      <p className="loading">
        <FormattedMessage id="app.loading" />
      </p>
    );
  }
  if (!user) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace state={{ reason: 'auth' }} />;
  return <>{children}</>;
}
