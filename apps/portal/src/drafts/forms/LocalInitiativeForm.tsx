import { useCallback, useMemo } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import type { Draft, FieldProblem, PublicCall } from '../../api/types';
import { SelectField, TextArea, TextField } from '../../components/Field';
import { formatMoney } from '../../format/format';
import { useLocale } from '../../i18n/I18nProvider';
import { coFundingShare, formatShare, minorOf } from './amounts';
import { describeFormProblem } from './describe';
import { DraftShell } from './DraftShell';
import { freeSectionKeys } from './kindValues';
import { localInitiativePatch, localInitiativeValuesOf, type LocalInitiativeValues } from './localInitiativeValues';
import { ActivitiesField, AmountField, ApplicantFields, BudgetLinesField, LanguageField, OrganisationFields, SectionFields, TextListField } from './parts';
import { proposalCodify, proposalLabels } from './proposalForm';
import { useFormDraft } from './useFormDraft';
import './forms.css';

/** The MAKERS call's eligibility: the partner municipalities and the municipality's minimum share. */
interface CofundingEligibility {
  partnerMunicipalities?: string[];
  minCoFundingPercent?: number;
}

/**
 * A local initiative proposal (LOCAL_INITIATIVE_COFUNDING): the partner municipality from the
 * call's list, the initiative, and its budget with the municipality's co-funding share computed
 * while typing. The share shown here is a hint; the service decides on save and on submit.
 */
export function LocalInitiativeForm({ initial, call }: { initial: Draft; call: PublicCall }) {
  const intl = useIntl();
  const { tag, locale } = useLocale();
  const currency = call.currency;
  const keys = useMemo(() => freeSectionKeys(call.form?.sections), [call]);
  const valuesOf = useCallback((d: Draft) => localInitiativeValuesOf(d, currency), [currency]);
  const patchOf = useCallback((v: LocalInitiativeValues) => localInitiativePatch(v, currency, keys), [currency, keys]);
  const d = useFormDraft(initial.id, initial, valuesOf, patchOf);
  const v = d.values;
  const set = <K extends keyof LocalInitiativeValues>(k: K) => (x: LocalInitiativeValues[K]) => d.setValues({ ...v, [k]: x });
  const lang = v.language || undefined;

  const eligibility = (call.eligibility ?? {}) as CofundingEligibility;
  const municipalities = eligibility.partnerMunicipalities ?? [];
  const minPercent = eligibility.minCoFundingPercent;
  const requested = minorOf(v.requested, currency);
  const municipality = minorOf(v.municipalityCoFunding, currency);
  const other = minorOf(v.otherCoFunding, currency);
  const share = coFundingShare(requested, municipality, other, minPercent);
  const shareText = share ? formatShare(share.hundredths, tag) : undefined;
  const shareError = share?.below ? intl.formatMessage({ id: 'makers.share.below' }, { share: shareText, min: minPercent ?? 0 }) : undefined;

  const labels: Record<string, string> = {
    ...proposalLabels(intl, locale, call, keys),
    partnerMunicipality: intl.formatMessage({ id: 'makers.municipality' }),
    targetGroups: intl.formatMessage({ id: 'makers.targetGroups' }),
    municipalityCoFundingMinor: intl.formatMessage({ id: 'makers.municipalityCoFunding' }),
  };
  const body = patchOf(v);
  const saved = patchOf(valuesOf(d.draft));
  const codify = proposalCodify(d.draft, body, saved);
  const ctx = { minPercent, hasShare: municipality !== undefined, hasLines: v.budgetLines.length > 0 };
  const describe = (p: FieldProblem) => describeFormProblem(intl, p, labels, ctx);

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
              <FormattedMessage id="makers.lead" />
            </h3>
            <OrganisationFields name="leadOrganisation" value={v.leadOrganisation} onChange={set('leadOrganisation')} at={at} withEmail />
          </fieldset>

          <fieldset className="section" disabled={locked}>
            <legend>
              <h2>
                <FormattedMessage id="makers.section.initiative" />
              </h2>
            </legend>
            <SelectField
              name="partnerMunicipality"
              label={<FormattedMessage id="makers.municipality" />}
              hint={<FormattedMessage id="makers.municipality.hint" values={{ count: municipalities.length }} />}
              value={v.partnerMunicipality}
              onChange={(e) => set('partnerMunicipality')(e.target.value)}
              error={at('partnerMunicipality')}
              data-testid="municipality"
            >
              <option value="">—</option>
              {municipalities.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </SelectField>
            <LanguageField value={v.language} onChange={set('language')} call={call} at={at} />
            <TextField name="title" label={<FormattedMessage id="ngo.title" />} value={v.title} lang={lang} onChange={(e) => set('title')(e.target.value)} error={at('title')} />
            <TextArea name="summary" rows={5} label={<FormattedMessage id="ngo.summary" />} value={v.summary} lang={lang} onChange={(e) => set('summary')(e.target.value)} error={at('summary')} />
            <SectionFields keys={keys} call={call} values={v.sections} onChange={set('sections')} at={at} lang={lang} />
            <TextListField name="objectives" title={<FormattedMessage id="ngo.objectives" />} itemLabel={(n) => intl.formatMessage({ id: 'ngo.objective.n' }, { n })} items={v.objectives} onChange={set('objectives')} at={at} lang={lang} />
            <TextListField
              name="targetGroups"
              title={<FormattedMessage id="makers.targetGroups" />}
              hint={<FormattedMessage id="makers.targetGroups.hint" />}
              itemLabel={(n) => intl.formatMessage({ id: 'makers.targetGroup.n' }, { n })}
              items={v.targetGroups}
              onChange={set('targetGroups')}
              at={at}
              lang={lang}
            />
            <ActivitiesField items={v.activities} onChange={set('activities')} at={at} lang={lang} />
          </fieldset>

          <fieldset className="section" disabled={locked}>
            <legend>
              <h2>
                <FormattedMessage id="makers.section.budget" />
              </h2>
            </legend>
            <AmountField name="requestedAmountMinor" label={<FormattedMessage id="ngo.requested" />} value={v.requested} currency={currency} onChange={set('requested')} error={at('requestedAmountMinor')} />
            <AmountField
              name="municipalityCoFundingMinor"
              label={<FormattedMessage id="makers.municipalityCoFunding" />}
              hint={<FormattedMessage id="makers.municipalityCoFunding.hint" values={{ min: minPercent ?? 0, currency }} />}
              value={v.municipalityCoFunding}
              currency={currency}
              onChange={set('municipalityCoFunding')}
              error={shareError ?? at('municipalityCoFundingMinor')}
            />
            <AmountField name="otherCoFundingMinor" label={<FormattedMessage id="ngo.otherCoFunding" />} value={v.otherCoFunding} currency={currency} onChange={set('otherCoFunding')} error={at('otherCoFundingMinor')} optional />
            <p className={`share${share?.below ? ' share--below' : share ? ' share--ok' : ''}`} aria-live="polite" data-testid="share" data-below={share ? String(share.below) : undefined}>
              {share ? (
                <FormattedMessage id="makers.share.value" values={{ share: shareText, total: formatMoney(share.total, currency, tag), min: minPercent ?? 0 }} />
              ) : (
                <FormattedMessage id="makers.share.none" />
              )}
            </p>
            <BudgetLinesField items={v.budgetLines} onChange={set('budgetLines')} at={at} currency={currency} expectedTotal={share?.total ?? (requested !== undefined ? requested + (other ?? 0n) : undefined)} lang={lang} />
          </fieldset>
        </>
      )}
    </DraftShell>
  );
}
