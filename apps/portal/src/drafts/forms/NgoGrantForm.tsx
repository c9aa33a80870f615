import { useCallback, useMemo } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import type { Draft, FieldProblem, PublicCall } from '../../api/types';
import { fieldId } from '../../components/errors';
import { TextArea, TextField } from '../../components/Field';
import { useLocale } from '../../i18n/I18nProvider';
import { minorOf } from './amounts';
import { describeFormProblem } from './describe';
import { DraftShell } from './DraftShell';
import { emptyOrganisation, freeSectionKeys, type OrganisationValues } from './kindValues';
import { ngoGrantPatch, ngoGrantValuesOf, type NgoGrantValues } from './ngoGrantValues';
import { ActivitiesField, AmountField, ApplicantFields, BudgetLinesField, LanguageField, OrganisationFields, SectionFields, TextListField, type At } from './parts';
import { proposalCodify, proposalLabels } from './proposalForm';
import { useFormDraft } from './useFormDraft';
import './forms.css';

/** Partners of a consortium, as a list of organisations (GOV.UK "add to a list"). */
function PartnersField({ items, onChange, at }: { items: OrganisationValues[]; onChange: (v: OrganisationValues[]) => void; at: At }) {
  const intl = useIntl();
  const label = (n: number) => intl.formatMessage({ id: 'ngo.partner.n' }, { n });
  return (
    <div className={`list-field${at('partners') ? ' list-field--error' : ''}`} data-testid="list-partners">
      <h3 id={fieldId('partners')} tabIndex={-1} className="list-field__title">
        <FormattedMessage id="ngo.partners" />
      </h3>
      <p className="field__hint">
        <FormattedMessage id="ngo.partners.hint" />
      </p>
      {at('partners') ? <p className="field__error">{at('partners')}</p> : null}
      {items.map((p, i) => (
        <fieldset className="list-field__item" key={i}>
          <legend>{label(i + 1)}</legend>
          <OrganisationFields name={`partners[${i}]`} value={p} onChange={(x) => onChange(items.map((o, j) => (j === i ? x : o)))} at={at} />
          <TextField
            name={`partners[${i}].role`}
            label={<FormattedMessage id="ngo.partner.role" />}
            value={p.role}
            onChange={(e) => onChange(items.map((o, j) => (j === i ? { ...o, role: e.target.value } : o)))}
            error={at(`partners[${i}].role`)}
            optional
          />
          <button type="button" className="link-button list-field__remove" onClick={() => onChange(items.filter((_, j) => j !== i))}>
            <FormattedMessage id="ngo.list.remove" values={{ what: label(i + 1) }} />
          </button>
        </fieldset>
      ))}
      <button
        type="button"
        className="button button--secondary"
        data-testid="add-partners"
        onClick={() => {
          onChange([...items, emptyOrganisation()]);
          window.setTimeout(() => document.getElementById(fieldId(`partners[${items.length}].name`))?.focus(), 0);
        }}
      >
        <FormattedMessage id="ngo.partner.add" />
      </button>
    </div>
  );
}

/**
 * An NGO programme proposal (NGO_GRANT, EEA Grants): the project's objectives, results and
 * activities, the lead organisation and its partners, the duration and the budget in the call's
 * currency (euro with cents, entered as text and kept exact).
 */
export function NgoGrantForm({ initial, call }: { initial: Draft; call: PublicCall }) {
  const intl = useIntl();
  const { locale } = useLocale();
  const currency = call.currency;
  const keys = useMemo(() => freeSectionKeys(call.form?.sections), [call]);
  const valuesOf = useCallback((d: Draft) => ngoGrantValuesOf(d, currency), [currency]);
  const patchOf = useCallback((v: NgoGrantValues) => ngoGrantPatch(v, currency, keys), [currency, keys]);
  const d = useFormDraft(initial.id, initial, valuesOf, patchOf);
  const v = d.values;
  const set = <K extends keyof NgoGrantValues>(k: K) => (x: NgoGrantValues[K]) => d.setValues({ ...v, [k]: x });
  const lang = v.language || undefined;
  const requested = minorOf(v.requested, currency);
  const other = minorOf(v.otherCoFunding, currency);
  const monthsBad = v.durationMonths.trim() !== '' && !/^(?:[1-9]|[1-9]\d|1[01]\d|120)$/.test(v.durationMonths.trim());

  const labels: Record<string, string> = {
    ...proposalLabels(intl, locale, call, keys),
    results: intl.formatMessage({ id: 'ngo.results' }),
    partners: intl.formatMessage({ id: 'ngo.partners' }),
    leadOrganisation: intl.formatMessage({ id: 'ngo.lead' }),
    durationMonths: intl.formatMessage({ id: 'ngo.duration' }),
  };
  const body = patchOf(v);
  const saved = patchOf(valuesOf(d.draft));
  const codify = proposalCodify(d.draft, body, saved);
  const describe = (p: FieldProblem) => describeFormProblem(intl, p, labels, { hasShare: false, hasLines: v.budgetLines.length > 0 });

  return (
    <DraftShell d={d as never} call={call} problems={codify(d.saveProblems)} describe={describe} codify={codify}>
      {(locked, at) => (
        <>
          <fieldset className="section" disabled={locked}>
            <legend>
              <h2>
                <FormattedMessage id="ngo.section.applicant" />
              </h2>
            </legend>
            <ApplicantFields value={v.applicant} onChange={set('applicant')} call={call} at={at} />
            <h3>
              <FormattedMessage id="ngo.lead" />
            </h3>
            <OrganisationFields name="leadOrganisation" value={v.leadOrganisation} onChange={set('leadOrganisation')} at={at} withEmail />
            <PartnersField items={v.partners} onChange={set('partners')} at={at} />
          </fieldset>

          <fieldset className="section" disabled={locked}>
            <legend>
              <h2>
                <FormattedMessage id="ngo.section.project" />
              </h2>
            </legend>
            <LanguageField value={v.language} onChange={set('language')} call={call} at={at} />
            <TextField name="title" label={<FormattedMessage id="ngo.title" />} value={v.title} lang={lang} onChange={(e) => set('title')(e.target.value)} error={at('title')} />
            <TextArea name="summary" rows={5} label={<FormattedMessage id="ngo.summary" />} value={v.summary} lang={lang} onChange={(e) => set('summary')(e.target.value)} error={at('summary')} />
            <TextField
              name="durationMonths"
              inputMode="numeric"
              className="input input--short"
              label={<FormattedMessage id="ngo.duration" />}
              hint={<FormattedMessage id="ngo.duration.hint" />}
              value={v.durationMonths}
              onChange={(e) => set('durationMonths')(e.target.value)}
              error={monthsBad ? intl.formatMessage({ id: 'ngo.duration.invalid' }) : at('durationMonths')}
            />
            <SectionFields keys={keys} call={call} values={v.sections} onChange={set('sections')} at={at} lang={lang} />
            <TextListField name="objectives" title={<FormattedMessage id="ngo.objectives" />} itemLabel={(n) => intl.formatMessage({ id: 'ngo.objective.n' }, { n })} items={v.objectives} onChange={set('objectives')} at={at} lang={lang} />
            <TextListField name="results" title={<FormattedMessage id="ngo.results" />} itemLabel={(n) => intl.formatMessage({ id: 'ngo.result.n' }, { n })} items={v.results} onChange={set('results')} at={at} lang={lang} />
            <ActivitiesField items={v.activities} onChange={set('activities')} at={at} lang={lang} />
          </fieldset>

          <fieldset className="section" disabled={locked}>
            <legend>
              <h2>
                <FormattedMessage id="ngo.section.budget" />
              </h2>
            </legend>
            <AmountField name="requestedAmountMinor" label={<FormattedMessage id="ngo.requested" />} value={v.requested} currency={currency} onChange={set('requested')} error={at('requestedAmountMinor')} />
            <AmountField name="otherCoFundingMinor" label={<FormattedMessage id="ngo.otherCoFunding" />} value={v.otherCoFunding} currency={currency} onChange={set('otherCoFunding')} error={at('otherCoFundingMinor')} optional />
            <BudgetLinesField items={v.budgetLines} onChange={set('budgetLines')} at={at} currency={currency} expectedTotal={requested !== undefined ? requested + (other ?? 0n) : undefined} lang={lang} />
          </fieldset>
        </>
      )}
    </DraftShell>
  );
}
