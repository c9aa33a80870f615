import type { Draft } from '../../api/types';
import {
  activitiesOf,
  activitiesPatch,
  amountOf,
  amountPatch,
  applicantPatch,
  budgetLinesOf,
  budgetLinesPatch,
  defined,
  orNull,
  organisationOf,
  organisationPatch,
  proposalPatch,
  proposalValuesOf,
  textListPatch,
  textsOf,
  type ActivityValues,
  type BudgetLineValues,
  type OrganisationValues,
  type Patch,
  type ProposalValues,
} from './kindValues';

/** A MAKERS proposal (LOCAL_INITIATIVE_COFUNDING) as its form edits it. */
export interface LocalInitiativeValues extends ProposalValues {
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
  return {
    ...proposalValuesOf(d),
    partnerMunicipality: typeof c.partnerMunicipality === 'string' ? c.partnerMunicipality : '',
    objectives: textsOf(c.objectives),
    targetGroups: textsOf(c.targetGroups),
    activities: activitiesOf(c.activities),
    budgetLines: budgetLinesOf(c.budgetLines, currency),
    requested: amountOf(d, 'requestedAmountMinor', currency),
    municipalityCoFunding: amountOf(d, 'municipalityCoFundingMinor', currency),
    otherCoFunding: amountOf(d, 'otherCoFundingMinor', currency),
    leadOrganisation: organisationOf(c.leadOrganisation),
  };
}

/** The PATCH body: every field the form edits; amounts as minor units, exactly. */
export function localInitiativePatch(v: LocalInitiativeValues, currency: string, sectionKeys: string[]): Patch {
  return defined({
    ...proposalPatch(v, sectionKeys),
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
