import type { Draft } from '../../api/types';
import { amountText, parseAmountIn } from './amounts';

/** What both organisation forms share: who applies, free-text sections, activities, budget lines. */
export interface ApplicantValues {
  fullName: string;
  email: string;
  phone: string;
  organisation: string;
  applicantType: string;
}

export interface ActivityValues {
  title: string;
  description: string;
  startsOn: string;
  endsOn: string;
}

/** A budget line as typed: the amount stays text until it is sent (then minor units, exactly). */
export interface BudgetLineValues {
  description: string;
  category: string;
  amount: string;
}

export interface OrganisationValues {
  name: string;
  registrationNumber: string;
  email: string;
  country: string;
  role: string;
}

export const emptyActivity = (): ActivityValues => ({ title: '', description: '', startsOn: '', endsOn: '' });
export const emptyBudgetLine = (): BudgetLineValues => ({ description: '', category: '', amount: '' });
export const emptyOrganisation = (): OrganisationValues => ({ name: '', registrationNumber: '', email: '', country: '', role: '' });

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const rec = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const blank = (s: string) => s.trim() === '';
export const orNull = (s: string) => (blank(s) ? null : s.trim());

export function applicantOf(d: Draft): ApplicantValues {
  const a = d.applicant ?? {};
  return { fullName: a.fullName ?? '', email: a.email ?? '', phone: a.phone ?? '', organisation: a.organisation ?? '', applicantType: a.applicantType ?? '' };
}

export const applicantPatch = (a: ApplicantValues) => ({
  fullName: orNull(a.fullName),
  email: orNull(a.email),
  phone: orNull(a.phone),
  organisation: orNull(a.organisation),
  applicantType: orNull(a.applicantType),
});

export const textsOf = (v: unknown): string[] => list(v).map(str);
export const activitiesOf = (v: unknown): ActivityValues[] =>
  list(v).map((x) => {
    const a = rec(x);
    return { title: str(a.title), description: str(a.description), startsOn: str(a.startsOn), endsOn: str(a.endsOn) };
  });
export const budgetLinesOf = (v: unknown, currency: string): BudgetLineValues[] =>
  list(v).map((x) => {
    const l = rec(x);
    return { description: str(l.description), category: str(l.category), amount: amountText(str(l.amountMinor) || null, currency) };
  });
export const organisationOf = (v: unknown): OrganisationValues => {
  const o = rec(v);
  return { name: str(o.name), registrationNumber: str(o.registrationNumber), email: str(o.email), country: str(o.country), role: str(o.role) };
};
export const sectionsOf = (d: Draft): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(d.content?.sections ?? {})) if (typeof v === 'string') out[k] = v;
  return out;
};

/** What every organisation's proposal starts with: who applies, the language, title, summary and the call's free-text sections. */
export interface ProposalValues {
  applicant: ApplicantValues;
  language: string;
  title: string;
  summary: string;
  /** Free-text sections of the call's form (e.g. `problem`). */
  sections: Record<string, string>;
}

export function proposalValuesOf(d: Draft): ProposalValues {
  const c = d.content ?? {};
  return { applicant: applicantOf(d), language: str(c.language), title: str(c.title), summary: str(c.summary), sections: sectionsOf(d) };
}

/** An amount of the draft's content (`key`, minor units) as the form shows it. */
export const amountOf = (d: Draft, key: string, currency: string) => amountText(str((d.content ?? {})[key]) || null, currency);

/**
 * One entry of a PATCH body: `null` clears an emptied field; `undefined` leaves the field out of
 * this save (a value the service would refuse, such as an amount still being typed, is not sent
 * until it is whole; the form shows why at the field meanwhile).
 */
export type Patch = Record<string, unknown>;

export function textListPatch(items: string[]): string[] | null {
  const kept = items.map((s) => s.trim()).filter(Boolean);
  return kept.length ? kept : null;
}

export function activitiesPatch(items: ActivityValues[]): object[] | null | undefined {
  const kept = items.filter((a) => !(blank(a.title) && blank(a.description) && !a.startsOn && !a.endsOn));
  if (kept.some((a) => blank(a.title))) return undefined;
  if (!kept.length) return null;
  return kept.map((a) => ({
    title: a.title.trim(),
    ...(blank(a.description) ? {} : { description: a.description }),
    ...(a.startsOn ? { startsOn: a.startsOn } : {}),
    ...(a.endsOn ? { endsOn: a.endsOn } : {}),
  }));
}

export function budgetLinesPatch(items: BudgetLineValues[], currency: string): object[] | null | undefined {
  const kept = items.filter((l) => !(blank(l.description) && blank(l.category) && blank(l.amount)));
  if (!kept.length) return null;
  const out: object[] = [];
  for (const l of kept) {
    const p = parseAmountIn(l.amount, currency);
    if (!p.ok || blank(l.description)) return undefined;
    out.push({ description: l.description.trim(), ...(blank(l.category) ? {} : { category: l.category.trim() }), amountMinor: p.minor });
  }
  return out;
}

/** An amount field: minor units, null when emptied, left out while it does not parse. */
export function amountPatch(text: string, currency: string): string | null | undefined {
  const p = parseAmountIn(text, currency);
  if (p.ok) return p.minor;
  return p.reason === 'EMPTY' ? null : undefined;
}

export function organisationPatch(o: OrganisationValues): object | null | undefined {
  if ([o.name, o.registrationNumber, o.email, o.country, o.role].every(blank)) return null;
  if (blank(o.name)) return undefined;
  const out: Record<string, string> = { name: o.name.trim() };
  if (!blank(o.registrationNumber)) out.registrationNumber = o.registrationNumber.trim();
  if (!blank(o.email)) out.email = o.email.trim();
  if (!blank(o.country)) out.country = o.country.trim().toUpperCase();
  if (!blank(o.role)) out.role = o.role.trim();
  return out;
}

export function sectionsPatch(sections: Record<string, string>, keys: string[]): Record<string, string | null> | undefined {
  if (!keys.length) return undefined;
  return Object.fromEntries(keys.map((k) => [k, orNull(sections[k] ?? '')]));
}

/** Leaves out the entries that are not ready to be sent. */
/** The PATCH entries of the proposal's common start (the applicant goes last, see each form's patch). */
export const proposalPatch = (v: ProposalValues, sectionKeys: string[]): Patch => ({
  language: orNull(v.language),
  title: orNull(v.title),
  summary: orNull(v.summary),
  sections: sectionsPatch(v.sections, sectionKeys),
});

export const defined = (p: Patch): Patch => Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined));

/** Which budget lines have a problem the person can fix before anything is sent. */
export function budgetLineIssues(items: BudgetLineValues[], currency: string): { index: number; field: 'description' | 'amountMinor'; reason: 'REQUIRED' | 'FORMAT' | 'DECIMALS' | 'TOO_LARGE' }[] {
  const out: ReturnType<typeof budgetLineIssues> = [];
  items.forEach((l, index) => {
    if (blank(l.description) && blank(l.category) && blank(l.amount)) return;
    if (blank(l.description)) out.push({ index, field: 'description', reason: 'REQUIRED' });
    const p = parseAmountIn(l.amount, currency);
    if (!p.ok) out.push({ index, field: 'amountMinor', reason: p.reason === 'EMPTY' ? 'REQUIRED' : p.reason });
  });
  return out;
}

export const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Whether the value at an API field path (`budgetLines[0].amountMinor`) of a body is empty. */
export function emptyAt(body: unknown, path: string): boolean {
  let v: unknown = body;
  for (const k of path.split(/[.[\]]+/).filter(Boolean)) {
    if (v === null || typeof v !== 'object') return true;
    v = (v as Record<string, unknown>)[k];
  }
  if (v === undefined || v === null) return true;
  if (typeof v === 'string') return v.trim() === '';
  if (Array.isArray(v)) return v.length === 0;
  return false;
}

/** The call's free-text sections: form keys that do not name a structured field of the content. */
const STRUCTURED = new Set(['title', 'text', 'essay', 'summary', 'partnerMunicipality', 'objectives', 'targetGroups', 'results', 'activities', 'budgetLines', 'requestedAmountMinor', 'municipalityCoFundingMinor', 'otherCoFundingMinor', 'durationMonths', 'leadOrganisation', 'partners', 'language', 'sections']);
export const freeSectionKeys = (sections: { key: string }[] | undefined) => (sections ?? []).map((s) => s.key).filter((k) => !STRUCTURED.has(k));
