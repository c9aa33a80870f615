import type { Draft } from '../../api/types';
import { amountText } from './amounts';
import {
  activitiesOf,
  activitiesPatch,
  amountPatch,
  applicantOf,
  applicantPatch,
  budgetLinesOf,
  budgetLinesPatch,
  defined,
  orNull,
  organisationOf,
  organisationPatch,
  sectionsOf,
  sectionsPatch,
  textListPatch,
  textsOf,
  type ActivityValues,
  type ApplicantValues,
  type BudgetLineValues,
  type OrganisationValues,
  type Patch,
} from './kindValues';

/** A MAKERS proposal (LOCAL_INITIATIVE_COFUNDING) as its form edits it. */
export interface LocalInitiativeValues {
  applicant: ApplicantValues;
  language: string;
  title: string;
  summary: string;
  /** Free-text sections of the call's form (e.g. `problem`). */
  sections: Record<string, string>;
  partnerMunicipality: string;
  objectives: string[];
  targetGroups: string[];
  activities: ActivityValues[];
  budgetLines: BudgetLineValues[];
  requested: string;
  municipalityCoFunding: string;
  otherCoFunding: string;
  leadOrganisation: OrganisationValues;
}

export function localInitiativeValuesOf(d: Draft, currency: string): LocalInitiativeValues {
  const c = d.content ?? {};
  const s = (v: unknown) => (typeof v === 'string' ? v : '');
  return {
    applicant: applicantOf(d),
    language: s(c.language),
    title: s(c.title),
    summary: s(c.summary),
    sections: sectionsOf(d),
    partnerMunicipality: s(c.partnerMunicipality),
    objectives: textsOf(c.objectives),
    targetGroups: textsOf(c.targetGroups),
    activities: activitiesOf(c.activities),
    budgetLines: budgetLinesOf(c.budgetLines, currency),
    requested: amountText(s(c.requestedAmountMinor) || null, currency),
    municipalityCoFunding: amountText(s(c.municipalityCoFundingMinor) || null, currency),
    otherCoFunding: amountText(s(c.otherCoFundingMinor) || null, currency),
    leadOrganisation: organisationOf(c.leadOrganisation),
  };
}

/** The PATCH body: every field the form edits; amounts as minor units, exactly. */
export function localInitiativePatch(v: LocalInitiativeValues, currency: string, sectionKeys: string[]): Patch {
  return defined({
    language: orNull(v.language),
    title: orNull(v.title),
    summary: orNull(v.summary),
    sections: sectionsPatch(v.sections, sectionKeys),
    partnerMunicipality: orNull(v.partnerMunicipality),
    objectives: textListPatch(v.objectives),
    targetGroups: textListPatch(v.targetGroups),
    activities: activitiesPatch(v.activities),
    budgetLines: budgetLinesPatch(v.budgetLines, currency),
    requestedAmountMinor: amountPatch(v.requested, currency),
    municipalityCoFundingMinor: amountPatch(v.municipalityCoFunding, currency),
    otherCoFundingMinor: amountPatch(v.otherCoFunding, currency),
    leadOrganisation: organisationPatch(v.leadOrganisation),
    applicant: applicantPatch(v.applicant),
  });
}
