import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, unwrap } from '../api/client';
import type { Session } from '../api/types';
import { usePageTitle } from '../app/usePageTitle';
import { ErrorSummary } from '../components/ErrorSummary';
import { problemAt } from '../components/errors';
import { SelectField, TextField } from '../components/Field';
import { EMAIL_SHAPE, required, useFormErrors } from '../components/useForm';
import { useLocale } from '../i18n/I18nProvider';
import { AUTH_HEADERS, startSession } from '../session/session';
import { safeNext } from './LoginPage';

const APPLICANT_TYPES = ['STUDENT', 'REGISTERED_ORGANISATION', 'INFORMAL_GROUP', 'MUNICIPALITY'] as const;

/** Self-registration; the account speaks the language the page is in. Then straight in. */
export default function RegisterPage() {
  const intl = useIntl();
  const { locale } = useLocale();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [v, setV] = useState({ displayName: '', email: '', password: '', applicantType: 'STUDENT' });
  const [busy, setBusy] = useState(false);
  const f = useFormErrors();
  usePageTitle(intl.formatMessage({ id: 'register.title' }));
  const on = (k: keyof typeof v) => (e: { target: { value: string } }) => setV({ ...v, [k]: e.target.value });

  return (
    <div className="narrow">
      <h1>
        <FormattedMessage id="register.title" />
      </h1>
      <ErrorSummary error={f.error} problems={f.problems} />
      <form
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          const hints = required(v, ['displayName', 'email', 'password']);
          if (v.email && !EMAIL_SHAPE.test(v.email)) hints.push({ field: 'email', reason: 'shape', code: 'INVALID_EMAIL' });
          if (v.password && v.password.length < 10) hints.push({ field: 'password', reason: 'short', code: 'TOO_SHORT', params: { min: 10 } });
          if (f.local(hints)) return;
          setBusy(true);
          try {
            await unwrap(api.POST('/api/auth/register', { body: { ...v, preferredLanguage: locale } as never, headers: AUTH_HEADERS }));
            const { data } = await unwrap<Session>(api.POST('/api/auth/login', { body: { email: v.email, password: v.password } as never, headers: AUTH_HEADERS }));
            startSession(data);
            navigate(safeNext(params.get('next'), '/'), { replace: true });
          } catch (err) {
            f.fail(err);
          } finally {
            setBusy(false);
          }
        }}
      >
        <TextField
          name="displayName"
          autoComplete="name"
          label={<FormattedMessage id="register.displayName" />}
          hint={<FormattedMessage id="register.displayName.hint" />}
          value={v.displayName}
          onChange={on('displayName')}
          error={problemAt(intl, f.problems, 'displayName')}
        />
        <TextField
          name="email"
          type="email"
          autoComplete="email"
          label={<FormattedMessage id="register.email" />}
          value={v.email}
          onChange={on('email')}
          error={problemAt(intl, f.problems, 'email')}
        />
        <TextField
          name="password"
          type="password"
          autoComplete="new-password"
          label={<FormattedMessage id="register.password" />}
          hint={<FormattedMessage id="register.password.hint" />}
          value={v.password}
          onChange={on('password')}
          error={problemAt(intl, f.problems, 'password')}
        />
        <SelectField
          name="applicantType"
          label={<FormattedMessage id="register.applicantType" />}
          value={v.applicantType}
          onChange={on('applicantType')}
          error={problemAt(intl, f.problems, 'applicantType')}
        >
          {APPLICANT_TYPES.map((t) => (
            <option key={t} value={t}>
              {intl.formatMessage({ id: `applicantType.${t}` })}
            </option>
          ))}
        </SelectField>
        <button type="submit" className="button button--primary" disabled={busy}>
          <FormattedMessage id="register.submit" />
        </button>
      </form>
      <p>
        <Link to="/login">
          <FormattedMessage id="register.haveAccount" />
        </Link>
      </p>
    </div>
  );
}
