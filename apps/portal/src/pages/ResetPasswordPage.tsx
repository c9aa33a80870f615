import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, unwrap } from '../api/client';
import { usePageTitle } from '../app/usePageTitle';
import { ErrorSummary } from '../components/ErrorSummary';
import { problemAt } from '../components/errors';
import { TextField } from '../components/Field';
import { required, useFormErrors } from '../components/useForm';
import { AUTH_HEADERS } from '../session/session';

/** The page the reset e-mail links to: `/reset-password?token=…`. */
export default function ResetPasswordPage() {
  const intl = useIntl();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [v, setV] = useState({ newPassword: '', confirm: '' });
  const [busy, setBusy] = useState(false);
  const f = useFormErrors();
  usePageTitle(intl.formatMessage({ id: 'reset.title' }));
  const labels = { newPassword: intl.formatMessage({ id: 'reset.password' }), confirm: intl.formatMessage({ id: 'reset.confirm' }) };

  if (!token) {
    return (
      <div className="narrow">
        <h1>
          <FormattedMessage id="reset.title" />
        </h1>
        <p className="notice notice--error">
          <FormattedMessage id="reset.missingToken" />
        </p>
        <Link to="/forgot-password">
          <FormattedMessage id="forgot.title" />
        </Link>
      </div>
    );
  }
  return (
    <div className="narrow">
      <h1>
        <FormattedMessage id="reset.title" />
      </h1>
      <ErrorSummary error={f.error} problems={f.problems} labels={labels} />
      <form
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          const hints = required(v, ['newPassword', 'confirm']);
          if (v.newPassword && v.newPassword.length < 10) hints.push({ field: 'newPassword', reason: 'short', code: 'TOO_SHORT', params: { min: 10 } });
          if (v.confirm && v.confirm !== v.newPassword) hints.push({ field: 'confirm', reason: 'mismatch', code: 'PASSWORDS_DIFFER' });
          if (f.local(hints)) return;
          setBusy(true);
          try {
            await unwrap(api.POST('/api/auth/password-reset/confirm', { body: { token, newPassword: v.newPassword } as never, headers: AUTH_HEADERS }));
            navigate('/login?done=reset', { replace: true });
          } catch (err) {
            f.fail(err);
          } finally {
            setBusy(false);
          }
        }}
      >
        <TextField
          name="newPassword"
          type="password"
          autoComplete="new-password"
          label={labels.newPassword}
          hint={<FormattedMessage id="reset.password.hint" />}
          value={v.newPassword}
          onChange={(e) => setV({ ...v, newPassword: e.target.value })}
          error={problemAt(intl, f.problems, 'newPassword', labels) ?? problemAt(intl, f.problems, 'token', labels)}
        />
        <TextField
          name="confirm"
          type="password"
          autoComplete="new-password"
          label={labels.confirm}
          value={v.confirm}
          onChange={(e) => setV({ ...v, confirm: e.target.value })}
          error={problemAt(intl, f.problems, 'confirm', labels)}
        />
        <button type="submit" className="button button--primary" disabled={busy}>
          <FormattedMessage id="reset.submit" />
        </button>
      </form>
    </div>
  );
}
