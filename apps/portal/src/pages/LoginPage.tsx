import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { api, unwrap } from '../api/client';
import type { Session } from '../api/types';
import { usePageTitle } from '../app/usePageTitle';
import { ErrorSummary } from '../components/ErrorSummary';
import { problemAt } from '../components/errors';
import { TextField } from '../components/Field';
import { required, useFormErrors } from '../components/useForm';
import { AUTH_HEADERS, startSession } from '../session/session';

/** Where to go after logging in: only a path of this site. */
export const safeNext = (next: string | null, fallback = '/applications') => (next && next.startsWith('/') && !next.startsWith('//') ? next : fallback);

export default function LoginPage() {
  const intl = useIntl();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const location = useLocation();
  const [email, setEmail] = useState(params.get('email') ?? '');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const f = useFormErrors();
  const done = params.get('done');
  usePageTitle(intl.formatMessage({ id: 'login.title' }));

  return (
    <div className="narrow">
      <h1>
        <FormattedMessage id="login.title" />
      </h1>
      {done ? (
        <p className="notice notice--success" role="status">
          <FormattedMessage id={done === 'reset' ? 'reset.done' : 'register.done'} />
        </p>
      ) : (location.state as { reason?: string } | null)?.reason === 'auth' ? (
        <p className="notice">
          <FormattedMessage id="auth.required" />
        </p>
      ) : null}
      <ErrorSummary error={f.error} problems={f.problems} />
      <form
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          if (f.local(required({ email, password }, ['email', 'password']))) return;
          setBusy(true);
          try {
            const { data } = await unwrap<Session>(api.POST('/api/auth/login', { body: { email, password } as never, headers: AUTH_HEADERS }));
            startSession(data);
            navigate(safeNext(params.get('next')), { replace: true });
          } catch (err) {
            f.fail(err);
          } finally {
            setBusy(false);
          }
        }}
      >
        <TextField
          name="email"
          type="email"
          autoComplete="email"
          label={<FormattedMessage id="login.email" />}
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={problemAt(intl, f.problems, 'email')}
        />
        <TextField
          name="password"
          type="password"
          autoComplete="current-password"
          label={<FormattedMessage id="login.password" />}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={problemAt(intl, f.problems, 'password')}
        />
        <button type="submit" className="button button--primary" disabled={busy}>
          <FormattedMessage id="login.submit" />
        </button>
      </form>
      <p>
        <Link to="/forgot-password">
          <FormattedMessage id="login.forgot" />
        </Link>
      </p>
      <p>
        <Link to={`/register${params.get('next') ? `?next=${encodeURIComponent(params.get('next')!)}` : ''}`}>
          <FormattedMessage id="login.noAccount" />
        </Link>
      </p>
    </div>
  );
}
