import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { useParams } from 'react-router';
import { api, unwrap } from '../api/client';
import { ApiError } from '../api/errors';
import type { FieldProblem } from '../api/types';
import { useAsync } from '../app/useAsync';
import { usePageTitle } from '../app/usePageTitle';
import { describeProblem } from '../components/errors';
import { TextField } from '../components/Field';
import { LoadFailed, Loading } from '../components/PageStates';
import { formatInstant, visitorTimeZone } from '../format/format';
import { bankDetailsBody, bankDetailsProblems, checkBic, checkIban, HOLDER_MAX, type BankDetailsValues } from '../grants/bankDetails';
import { GrantErrors } from '../grants/GrantErrors';
import { GrantHeader, GrantNav } from '../grants/GrantHeader';
import type { BankDetailsView, Grant } from '../grants/types';
import { useLocale } from '../i18n/I18nProvider';

/** The grantee enters the account the grant is paid to; the IBAN is checked while it is typed. */
export default function BankDetailsPage() {
  const { grantId = '' } = useParams();
  const intl = useIntl();
  const { tag } = useLocale();
  const title = intl.formatMessage({ id: 'grant.bank.title' });
  usePageTitle(title);
  const { data, error, loading, set } = useAsync(async () => {
    const grant = (await unwrap<Grant>(api.GET('/api/disbursement/grants/{grantId}', { params: { path: { grantId } } }))).data;
    const bank = (await unwrap<BankDetailsView>(api.GET('/api/disbursement/grants/{grantId}/bank-details', { params: { path: { grantId } } }))).data;
    return { grant, bank };
  }, [grantId]);
  const [values, setValues] = useState<BankDetailsValues | null>(null);
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [shown, setShown] = useState<FieldProblem[]>([]);
  const [sendError, setSendError] = useState<unknown>(null);
  const [sending, setSending] = useState(false);
  const [saved, setSaved] = useState(false);

  if (loading && !data) return <Loading />;
  if (error || !data) return <LoadFailed error={error} />;
  const { grant, bank } = data;
  const v = values ?? { iban: bank.current?.iban ?? '', bic: bank.current?.bic ?? '', accountHolder: bank.current?.accountHolder ?? '' };
  const iban = checkIban(v.iban);
  const describe = (p: FieldProblem) =>
    p.code && intl.messages[`grant.problem.${p.code}`] ? intl.formatMessage({ id: `grant.problem.${p.code}` }, { max: HOLDER_MAX, ...(p.params ?? {}) }) : describeProblem(intl, p, { iban: 'IBAN', bic: 'BIC', accountHolder: intl.formatMessage({ id: 'grant.bank.holder' }) });
  // While typing: the IBAN's own check once it is long enough to judge, or after leaving the field.
  const liveIban = !iban.ok && (touched.iban || v.iban.replace(/\s/g, '').length >= 15) && iban.issue !== 'REQUIRED' ? intl.formatMessage({ id: `grant.problem.IBAN_${iban.issue}` }) : undefined;
  const bicIssue = touched.bic ? checkBic(v.bic, iban) : null;
  const serverProblems = sendError instanceof ApiError ? sendError.problems : [];
  const at = (field: string) => {
    const p = [...shown, ...serverProblems].find((x) => x.field === field);
    return p ? describe(p) : undefined;
  };
  const change = (k: keyof BankDetailsValues) => (e: { target: { value: string } }) => {
    setValues({ ...v, [k]: e.target.value });
    setSaved(false);
    // A problem shown at a field goes once the field is right.
    if (shown.length) setShown(bankDetailsProblems({ ...v, [k]: e.target.value }).filter((p) => shown.some((s) => s.field === p.field)));
  };

  const send = async () => {
    if (sending) return;
    setSendError(null);
    const problems = bankDetailsProblems(v);
    setShown(problems);
    if (problems.length) return;
    setSending(true);
    try {
      const { data: next } = await unwrap<BankDetailsView>(api.PUT('/api/disbursement/grants/{grantId}/bank-details', { params: { path: { grantId } }, body: bankDetailsBody(v) as never }));
      set({ grant, bank: next });
      setValues(null);
      setSaved(true);
    } catch (err) {
      setSendError(err);
    } finally {
      setSending(false);
    }
  };

  const current = bank.current;
  return (
    <>
      <GrantNav grantId={grantId} current="bank" />
      <h1>{title}</h1>
      <GrantHeader grant={grant} />
      {current ? (
        <section className="panel" aria-labelledby="current-h" data-testid="bank-current">
          <h2 id="current-h">
            <FormattedMessage id="grant.bank.current" />
          </h2>
          <p className="iban-echo">{(() => {
            const c = checkIban(current.iban);
            return c.ok ? c.friendly : current.iban;
          })()}</p>
          <p>
            {current.accountHolder}
            {current.bic ? ` · BIC ${current.bic}` : ''}
          </p>
          <p>
            <FormattedMessage id="grant.bank.changedAt" values={{ time: `${formatInstant(current.changedAt, tag, visitorTimeZone())} (${visitorTimeZone()})` }} />
          </p>
          {current.confirmationRequired && !current.confirmed ? (
            <p className="notice notice--warn">
              <FormattedMessage id="grant.bank.awaitingConfirmation" />
            </p>
          ) : null}
        </section>
      ) : null}
      {saved ? (
        <p className="notice notice--success" role="status" data-testid="bank-saved">
          <FormattedMessage id="grant.bank.saved" />
        </p>
      ) : null}
      <GrantErrors error={sendError} problems={[...shown, ...serverProblems]} describe={describe} />
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <h2>
          <FormattedMessage id={current ? 'grant.bank.change' : 'grant.bank.enter'} />
        </h2>
        <TextField
          name="iban"
          label="IBAN"
          hint={<FormattedMessage id="grant.bank.iban.hint" />}
          className="input input--iban"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          value={v.iban}
          onChange={change('iban')}
          onBlur={() => setTouched({ ...touched, iban: true })}
          error={at('iban') ?? liveIban}
          after={
            iban.ok ? (
              <p className="iban-echo iban-echo--ok" data-testid="iban-ok" aria-live="polite">
                <FormattedMessage id="grant.bank.iban.ok" values={{ iban: iban.friendly, country: new Intl.DisplayNames([tag], { type: 'region' }).of(iban.country) ?? iban.country }} />
              </p>
            ) : null
          }
        />
        <TextField
          name="bic"
          label="BIC (SWIFT)"
          hint={<FormattedMessage id={iban.ok && !iban.sepa ? 'grant.bank.bic.required' : 'grant.bank.bic.hint'} />}
          className="input input--short-wide"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          value={v.bic}
          onChange={change('bic')}
          onBlur={() => setTouched({ ...touched, bic: true })}
          error={at('bic') ?? (bicIssue ? intl.formatMessage({ id: `grant.problem.BIC_${bicIssue}` }) : undefined)}
          optional={!(iban.ok && !iban.sepa)}
        />
        <TextField
          name="accountHolder"
          label={<FormattedMessage id="grant.bank.holder" />}
          hint={<FormattedMessage id="grant.bank.holder.hint" />}
          autoComplete="name"
          value={v.accountHolder}
          onChange={change('accountHolder')}
          error={at('accountHolder')}
        />
        <button type="submit" className="button button--primary" aria-disabled={sending} data-testid="save-bank">
          <FormattedMessage id={sending ? 'grant.bank.saving' : 'grant.bank.save'} />
        </button>
      </form>
    </>
  );
}
