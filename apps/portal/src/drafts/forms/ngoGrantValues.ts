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

/** An NGO programme proposal (NGO_GRANT) as its form edits it. */
export interface NgoGrantValues extends ProposalValues {
  objectives: string[];
  results: string[];
  activities: ActivityValues[];
  leadOrganisation: OrganisationValues;
  partners: OrganisationValues[];
  durationMonths: string;
  budgetLines: BudgetLineValues[];
  requested: string;
  otherCoFunding: string;
}

export function ngoGrantValuesOf(d: Draft, currency: string): NgoGrantValues {
  const c = d.content ?? {};
  return {
    ...proposalValuesOf(d),
    objectives: textsOf(c.objectives),
    results: textsOf(c.results),
    activities: activitiesOf(c.activities),
    leadOrganisation: organisationOf(c.leadOrganisation),
    partners: Array.isArray(c.partners) ? c.partners.map(organisationOf) : [],
    durationMonths: typeof c.durationMonths === 'number' ? String(c.durationMonths) : '',
    budgetLines: budgetLinesOf(c.budgetLines, currency),
    requested: amountOf(d, 'requestedAmountMinor', currency),
    otherCoFunding: amountOf(d, 'otherCoFundingMinor', currency),
  };
}

export function monthsPatch(text: string): number | null | undefined {
  const t = text.trim();
  if (t === '') return null;
  if (!/^\d{1,3}$/.test(t)) return undefined;
  const n = Number(t);
  return n >= 1 && n <= 120 ? n : undefined;
}

export function partnersPatch(items: OrganisationValues[]): object[] | null | undefined {
  const out: object[] = [];
  for (const p of items) {
    const o = organisationPatch(p);
    if (o === undefined) return undefined;
    if (o) out.push(o);
  }
  return out.length ? out : null;
}

export function ngoGrantPatch(v: NgoGrantValues, currency: string, sectionKeys: string[]): Patch {
  return defined({
    ...proposalPatch(v, sectionKeys),
    objectives: textListPatch(v.objectives),
    results: textListPatch(v.results),
    activities: activitiesPatch(v.activities),
    leadOrganisation: organisationPatch(v.leadOrganisation),
    partners: partnersPatch(v.partners),
    durationMonths: monthsPatch(v.durationMonths),
    budgetLines: budgetLinesPatch(v.budgetLines, currency),
    requestedAmountMinor: amountPatch(v.requested, currency),
    otherCoFundingMinor: amountPatch(v.otherCoFunding, currency),
    applicant: applicantPatch(v.applicant),
  });
}
