import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { api, unwrap } from '../api/client';
import { usePageTitle } from '../app/usePageTitle';
import { ErrorSummary } from '../components/ErrorSummary';
import { problemAt } from '../components/errors';
import { TextField } from '../components/Field';
import { EMAIL_SHAPE, required, useFormErrors } from '../components/useForm';
import { AUTH_HEADERS } from '../session/session';

/** Asks for a reset link; the answer never says whether the address has an account. */
export default function ForgotPasswordPage() {
  const intl = useIntl();
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const f = useFormErrors();
  usePageTitle(intl.formatMessage({ id: 'forgot.title' }));
  return (
    <div className="narrow">
      <h1>
        <FormattedMessage id="forgot.title" />
      </h1>
      {sent ? (
        <p className="notice notice--success" role="status" data-testid="reset-sent">
          <FormattedMessage id="forgot.sent" values={{ email: sent }} />
        </p>
      ) : (
        <>
          <p>
            <FormattedMessage id="forgot.intro" />
          </p>
          <ErrorSummary error={f.error} problems={f.problems} />
          <form
            noValidate
            onSubmit={async (e) => {
              e.preventDefault();
              const hints = required({ email }, ['email']);
              if (email && !EMAIL_SHAPE.test(email)) hints.push({ field: 'email', reason: 'shape', code: 'INVALID_EMAIL' });
              if (f.local(hints)) return;
              setBusy(true);
              try {
                await unwrap(api.POST('/api/auth/password-reset', { body: { email } as never, headers: AUTH_HEADERS }));
                setSent(email);
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
              label={<FormattedMessage id="forgot.email" />}
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              error={problemAt(intl, f.problems, 'email')}
            />
            <button type="submit" className="button button--primary" disabled={busy}>
              <FormattedMessage id="forgot.submit" />
            </button>
          </form>
        </>
      )}
    </div>
  );
}
