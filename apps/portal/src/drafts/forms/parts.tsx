import { useId, type ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import type { PublicCall } from '../../api/types';
import { fieldId } from '../../components/errors';
import { SelectField, TextArea, TextField } from '../../components/Field';
import { formatMoney } from '../../format/format';
import { languageName } from '../../format/languages';
import { useLocale } from '../../i18n/I18nProvider';
import { parseAmountIn } from './amounts';
import { budgetLineIssues, emptyActivity, emptyBudgetLine, type ActivityValues, type ApplicantValues, type BudgetLineValues, type OrganisationValues } from './kindValues';

/** The message at a field: the service's problem, or a check made here while typing. */
export type At = (field: string) => string | undefined;

const focusLater = (id: string) => window.setTimeout(() => document.getElementById(id)?.focus(), 0);

/** An amount typed as decimal text; the hint shows how it was understood, in the call's currency. */
export function AmountField({ name, label, hint, value, currency, onChange, error, optional }: { name: string; label: ReactNode; /** null: none (a list's amounts say it once, at the list). */ hint?: ReactNode | null; value: string; currency: string; onChange: (v: string) => void; error?: string; optional?: boolean }) {
  const intl = useIntl();
  const { tag } = useLocale();
  const p = parseAmountIn(value, currency);
  const local = !p.ok && p.reason !== 'EMPTY' ? intl.formatMessage({ id: `ngo.amount.${p.reason}` }, { currency }) : undefined;
  return (
    <TextField
      name={name}
      label={label}
      hint={hint === undefined ? <FormattedMessage id="ngo.amount.hint" values={{ currency }} /> : hint}
      inputMode="decimal"
      autoComplete="off"
      className="input input--amount"
      value={value}
      onChange={(e) => onChange(e.target.value)}
      error={local ?? error}
      optional={optional}
      after={
        p.ok ? (
          <p className="field__echo" data-testid={`echo-${name}`}>
            <FormattedMessage id="ngo.amount.understood" values={{ amount: formatMoney(p.minor, currency, tag) }} />
          </p>
        ) : null
      }
    />
  );
}

/** Who applies: the contact person and, for an organisation, its name and type. */
export function ApplicantFields({ value, onChange, call, at }: { value: ApplicantValues; onChange: (v: ApplicantValues) => void; call: PublicCall; at: At }) {
  const intl = useIntl();
  const set = (k: keyof ApplicantValues) => (e: { target: { value: string } }) => onChange({ ...value, [k]: e.target.value });
  const types = call.eligibility?.applicantTypes ?? [];
  return (
    <>
      <TextField name="applicant.fullName" autoComplete="name" label={<FormattedMessage id="ngo.applicant.fullName" />} value={value.fullName} onChange={set('fullName')} error={at('applicant.fullName')} />
      <TextField name="applicant.email" type="email" autoComplete="email" label={<FormattedMessage id="ngo.applicant.email" />} value={value.email} onChange={set('email')} error={at('applicant.email')} />
      <TextField name="applicant.phone" type="tel" autoComplete="tel" label={<FormattedMessage id="ngo.applicant.phone" />} value={value.phone} onChange={set('phone')} error={at('applicant.phone')} optional />
      <TextField name="applicant.organisation" autoComplete="organization" label={<FormattedMessage id="ngo.applicant.organisation" />} value={value.organisation} onChange={set('organisation')} error={at('applicant.organisation')} optional />
      {types.length ? (
        <SelectField name="applicant.applicantType" label={<FormattedMessage id="field.applicantType" />} value={value.applicantType} onChange={set('applicantType')} error={at('applicant.applicantType')}>
          <option value="">—</option>
          {types.map((t) => (
            <option key={t} value={t}>
              {intl.formatMessage({ id: `applicantType.${t}` })}
            </option>
          ))}
        </SelectField>
      ) : null}
    </>
  );
}

export function LanguageField({ value, onChange, call, at }: { value: string; onChange: (v: string) => void; call: PublicCall; at: At }) {
  const { tag } = useLocale();
  return (
    <SelectField name="language" label={<FormattedMessage id="ngo.language" />} value={value} onChange={(e) => onChange(e.target.value)} error={at('language')}>
      <option value="">—</option>
      {(call.submissionLanguages.length ? call.submissionLanguages : [call.language]).map((l) => (
        <option key={l} value={l}>
          {languageName(l, tag)}
        </option>
      ))}
    </SelectField>
  );
}

/** The call's own free-text sections (their titles in the call's languages, with a fallback). */
export function SectionFields({ keys, call, values, onChange, at, lang }: { keys: string[]; call: PublicCall; values: Record<string, string>; onChange: (v: Record<string, string>) => void; at: At; lang?: string }) {
  const intl = useIntl();
  const { locale } = useLocale();
  return (
    <>
      {keys.map((k) => {
        const s = call.form?.sections?.find((x) => x.key === k);
        const title = s?.labels?.[locale]?.title ?? (intl.messages[`ngo.section.${k}`] ? intl.formatMessage({ id: `ngo.section.${k}` }) : k);
        return (
          <TextArea
            key={k}
            name={`sections.${k}`}
            rows={6}
            label={title}
            hint={s?.maxWords ? <FormattedMessage id="ngo.maxWords" values={{ max: s.maxWords }} /> : undefined}
            value={values[k] ?? ''}
            onChange={(e) => onChange({ ...values, [k]: e.target.value })}
            error={at(`sections.${k}`)}
            lang={lang}
          />
        );
      })}
    </>
  );
}

/** GOV.UK "add to a list": each entry its own group with a remove button, then "add another". */
function ListFrame({ name, title, hint, error, count, addLabel, onAdd, children }: { name: string; title: ReactNode; hint?: ReactNode; error?: string; count: number; addLabel: ReactNode; onAdd: () => void; children: ReactNode }) {
  const hintId = useId();
  return (
    <div className={`list-field${error ? ' list-field--error' : ''}`} data-testid={`list-${name}`}>
      <h3 id={fieldId(name)} tabIndex={-1} className="list-field__title">
        {title}
      </h3>
      {hint ? (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {error ? <p className="field__error">{error}</p> : null}
      {count === 0 ? (
        <p className="list-field__empty">
          <FormattedMessage id="ngo.list.empty" />
        </p>
      ) : null}
      {children}
      <button type="button" className="button button--secondary" onClick={onAdd} data-testid={`add-${name}`}>
        {addLabel}
      </button>
    </div>
  );
}

function RemoveButton({ onClick, what }: { onClick: () => void; what: string }) {
  return (
    <button type="button" className="link-button list-field__remove" onClick={onClick}>
      <FormattedMessage id="ngo.list.remove" values={{ what }} />
    </button>
  );
}

/** A list of short texts (objectives, target groups, expected results). */
export function TextListField({ name, title, itemLabel, hint, items, onChange, at, lang }: { name: string; title: ReactNode; itemLabel: (n: number) => string; hint?: ReactNode; items: string[]; onChange: (v: string[]) => void; at: At; lang?: string }) {
  return (
    <ListFrame
      name={name}
      title={title}
      hint={hint}
      error={at(name)}
      count={items.length}
      addLabel={<FormattedMessage id="ngo.list.addItem" />}
      onAdd={() => {
        onChange([...items, '']);
        focusLater(fieldId(`${name}[${items.length}]`));
      }}
    >
      {items.map((v, i) => (
        <div className="list-field__item" key={i}>
          <TextField name={`${name}[${i}]`} label={itemLabel(i + 1)} value={v} lang={lang} onChange={(e) => onChange(items.map((x, j) => (j === i ? e.target.value : x)))} error={at(`${name}[${i}]`)} />
          <RemoveButton what={itemLabel(i + 1)} onClick={() => onChange(items.filter((_, j) => j !== i))} />
        </div>
      ))}
    </ListFrame>
  );
}

export function ActivitiesField({ items, onChange, at, lang }: { items: ActivityValues[]; onChange: (v: ActivityValues[]) => void; at: At; lang?: string }) {
  const intl = useIntl();
  const label = (n: number) => intl.formatMessage({ id: 'ngo.activity.n' }, { n });
  const set = (i: number, k: keyof ActivityValues, v: string) => onChange(items.map((a, j) => (j === i ? { ...a, [k]: v } : a)));
  return (
    <ListFrame
      name="activities"
      title={<FormattedMessage id="ngo.activities" />}
      error={at('activities')}
      count={items.length}
      addLabel={<FormattedMessage id="ngo.activity.add" />}
      onAdd={() => {
        onChange([...items, emptyActivity()]);
        focusLater(fieldId(`activities[${items.length}].title`));
      }}
    >
      {items.map((a, i) => (
        <fieldset className="list-field__item" key={i}>
          <legend>{label(i + 1)}</legend>
          <TextField name={`activities[${i}].title`} label={<FormattedMessage id="ngo.activity.title" />} value={a.title} lang={lang} onChange={(e) => set(i, 'title', e.target.value)} error={at(`activities[${i}].title`)} />
          <TextArea name={`activities[${i}].description`} rows={3} label={<FormattedMessage id="ngo.activity.description" />} value={a.description} lang={lang} onChange={(e) => set(i, 'description', e.target.value)} error={at(`activities[${i}].description`)} optional />
          <div className="field-pair">
            <TextField name={`activities[${i}].startsOn`} type="date" label={<FormattedMessage id="ngo.activity.startsOn" />} value={a.startsOn} onChange={(e) => set(i, 'startsOn', e.target.value)} error={at(`activities[${i}].startsOn`)} optional />
            <TextField name={`activities[${i}].endsOn`} type="date" label={<FormattedMessage id="ngo.activity.endsOn" />} value={a.endsOn} onChange={(e) => set(i, 'endsOn', e.target.value)} error={at(`activities[${i}].endsOn`)} optional />
          </div>
          <RemoveButton what={label(i + 1)} onClick={() => onChange(items.filter((_, j) => j !== i))} />
        </fieldset>
      ))}
    </ListFrame>
  );
}

/** Budget lines with a running total in the call's currency; each amount checked while typed. */
export function BudgetLinesField({ items, onChange, at, currency, expectedTotal, lang }: { items: BudgetLineValues[]; onChange: (v: BudgetLineValues[]) => void; at: At; currency: string; expectedTotal?: bigint; lang?: string }) {
  const intl = useIntl();
  const { tag } = useLocale();
  const label = (n: number) => intl.formatMessage({ id: 'ngo.budget.n' }, { n });
  const set = (i: number, k: keyof BudgetLineValues, v: string) => onChange(items.map((l, j) => (j === i ? { ...l, [k]: v } : l)));
  const issues = budgetLineIssues(items, currency);
  const descIssue = (i: number) => (issues.some((x) => x.index === i && x.field === 'description') ? intl.formatMessage({ id: 'ngo.budget.descriptionRequired' }) : undefined);
  let sum = 0n;
  for (const l of items) {
    const p = parseAmountIn(l.amount, currency);
    if (p.ok) sum += BigInt(p.minor);
  }
  const mismatch = expectedTotal !== undefined && items.length > 0 && issues.length === 0 && sum !== expectedTotal;
  return (
    <ListFrame
      name="budgetLines"
      title={<FormattedMessage id="ngo.budget" />}
      hint={<FormattedMessage id="ngo.budget.hint" />}
      error={mismatch ? intl.formatMessage({ id: 'ngo.budget.mismatch' }, { sum: formatMoney(sum, currency, tag), total: formatMoney(expectedTotal!, currency, tag) }) : at('budgetLines')}
      count={items.length}
      addLabel={<FormattedMessage id="ngo.budget.add" />}
      onAdd={() => {
        onChange([...items, emptyBudgetLine()]);
        focusLater(fieldId(`budgetLines[${items.length}].description`));
      }}
    >
      {items.map((l, i) => (
        <fieldset className="list-field__item" key={i} data-testid={`budget-line-${i}`}>
          <legend>{label(i + 1)}</legend>
          <TextField name={`budgetLines[${i}].description`} label={<FormattedMessage id="ngo.budget.description" />} value={l.description} lang={lang} onChange={(e) => set(i, 'description', e.target.value)} error={descIssue(i) ?? at(`budgetLines[${i}].description`)} />
          <TextField name={`budgetLines[${i}].category`} label={<FormattedMessage id="ngo.budget.category" />} value={l.category} lang={lang} onChange={(e) => set(i, 'category', e.target.value)} error={at(`budgetLines[${i}].category`)} optional />
          <AmountField name={`budgetLines[${i}].amountMinor`} label={<FormattedMessage id="ngo.budget.amount" values={{ currency }} />} hint={null} value={l.amount} currency={currency} onChange={(v) => set(i, 'amount', v)} error={at(`budgetLines[${i}].amountMinor`)} />
          <RemoveButton what={label(i + 1)} onClick={() => onChange(items.filter((_, j) => j !== i))} />
        </fieldset>
      ))}
      <p className="list-field__total" aria-live="polite" data-testid="budget-total">
        <FormattedMessage id="ngo.budget.total" values={{ sum: formatMoney(sum, currency, tag), count: items.length }} />
      </p>
    </ListFrame>
  );
}

export function OrganisationFields({ name, value, onChange, at, withEmail }: { name: string; value: OrganisationValues; onChange: (v: OrganisationValues) => void; at: At; withEmail?: boolean }) {
  const set = (k: keyof OrganisationValues) => (e: { target: { value: string } }) => onChange({ ...value, [k]: e.target.value });
  return (
    <>
      <TextField name={`${name}.name`} label={<FormattedMessage id="ngo.org.name" />} value={value.name} onChange={set('name')} error={at(`${name}.name`) ?? at(name)} />
      <TextField name={`${name}.registrationNumber`} label={<FormattedMessage id="ngo.org.registrationNumber" />} value={value.registrationNumber} onChange={set('registrationNumber')} error={at(`${name}.registrationNumber`)} optional />
      {withEmail ? <TextField name={`${name}.email`} type="email" label={<FormattedMessage id="ngo.org.email" />} value={value.email} onChange={set('email')} error={at(`${name}.email`)} optional /> : null}
      <TextField
        name={`${name}.country`}
        label={<FormattedMessage id="ngo.org.country" />}
        hint={<FormattedMessage id="ngo.org.country.hint" />}
        maxLength={2}
        autoCapitalize="characters"
        className="input input--short"
        value={value.country}
        onChange={set('country')}
        error={at(`${name}.country`)}
        optional
      />
    </>
  );
}
