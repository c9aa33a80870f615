import { CallKind } from '@grants/contracts';

/** One planned activity (local initiatives, NGO proposals). Dates are calendar dates (YYYY-MM-DD). */
export interface Activity {
  title: string;
  description?: string;
  startsOn?: string;
  endsOn?: string;
}

export interface BudgetLine {
  description: string;
  category?: string;
  /** In the call's currency, integer minor units as a string. */
  amountMinor: string;
}

/** A lead organisation or a partner of a consortium or network. */
export interface Organisation {
  name: string;
  registrationNumber?: string;
  email?: string;
  country?: string;
  municipality?: string;
  role?: string;
}

/**
 * The content of an application: what reviewers judge. Which fields belong depends on the call's
 * kind (see KIND_FIELDS); free-text sections are keyed by the call's form.
 */
export interface ApplicationContent {
  language?: string;
  title?: string;
  /** The essay. */
  text?: string;
  summary?: string;
  sections?: Record<string, string>;
  partnerMunicipality?: string;
  objectives?: string[];
  targetGroups?: string[];
  results?: string[];
  activities?: Activity[];
  budgetLines?: BudgetLine[];
  requestedAmountMinor?: string;
  municipalityCoFundingMinor?: string;
  otherCoFundingMinor?: string;
  durationMonths?: number;
  leadOrganisation?: Organisation;
  partners?: Organisation[];
}
export type ContentField = keyof ApplicationContent;

/** Personal data: kept apart from the content, never sent to evaluation. */
export interface ApplicantIdentity {
  fullName?: string;
  email?: string;
  phone?: string;
  school?: string;
  organisation?: string;
  /** YYYY-MM-DD. */
  dateOfBirth?: string;
  applicantType?: string;
}

export interface GuardianConsent {
  guardianName: string;
  relation: string;
  /** Recorded by the server when the consent is given. */
  consentedAt: string;
}

export const CONTENT_FIELDS: readonly ContentField[] = [
  'language',
  'title',
  'text',
  'summary',
  'sections',
  'partnerMunicipality',
  'objectives',
  'targetGroups',
  'results',
  'activities',
  'budgetLines',
  'requestedAmountMinor',
  'municipalityCoFundingMinor',
  'otherCoFundingMinor',
  'durationMonths',
  'leadOrganisation',
  'partners',
];

/** Which fields an application of each kind has. */
export const KIND_FIELDS: Record<CallKind, readonly ContentField[]> = {
  ESSAY_CONTEST: ['language', 'title', 'text', 'sections'],
  LOCAL_INITIATIVE_COFUNDING: [
    'language',
    'title',
    'summary',
    'sections',
    'partnerMunicipality',
    'objectives',
    'targetGroups',
    'activities',
    'budgetLines',
    'requestedAmountMinor',
    'municipalityCoFundingMinor',
    'otherCoFundingMinor',
    'leadOrganisation',
    'partners',
  ],
  NGO_GRANT: [
    'language',
    'title',
    'summary',
    'sections',
    'objectives',
    'results',
    'activities',
    'partners',
    'durationMonths',
    'budgetLines',
    'requestedAmountMinor',
    'otherCoFundingMinor',
    'leadOrganisation',
  ],
};

/** What a complete application of each kind must have, whatever the form adds. */
export const KIND_REQUIRED: Record<CallKind, readonly ContentField[]> = {
  ESSAY_CONTEST: ['language', 'title', 'text'],
  LOCAL_INITIATIVE_COFUNDING: ['language', 'title', 'summary', 'objectives', 'targetGroups', 'activities', 'budgetLines', 'requestedAmountMinor'],
  NGO_GRANT: ['language', 'title', 'objectives', 'results', 'activities', 'durationMonths', 'budgetLines', 'requestedAmountMinor'],
};

/**
 * A form section whose key names a structured field is answered by that field (the seed essay
 * call's `essay` section is the essay text); any other key is a free-text entry of `sections`.
 */
const SECTION_ALIASES: Record<string, ContentField> = { essay: 'text', text: 'text' };
export function sectionField(key: string): ContentField | null {
  if (SECTION_ALIASES[key]) return SECTION_ALIASES[key];
  return (CONTENT_FIELDS as readonly string[]).includes(key) && key !== 'sections' && key !== 'language' ? (key as ContentField) : null;
}

export function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (typeof v === 'string') return v.trim() === '';
  if (Array.isArray(v)) return v.length === 0;
  return false;
}

/** All human-written text of a value (strings inside arrays and objects too). */
export function textsOf(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(textsOf);
  if (v && typeof v === 'object') return Object.entries(v as Record<string, unknown>).filter(([k]) => !/Minor$|^(startsOn|endsOn|email)$/.test(k)).flatMap(([, x]) => textsOf(x));
  return [];
}

/** Words as a reader counts them: runs of letters, digits and joiners between spaces, in any script. */
export function wordCount(text: string): number {
  const m = text.match(/[\p{L}\p{N}][\p{L}\p{N}\p{M}'’\-.]*/gu);
  return m ? m.length : 0;
}

/**
 * What evaluation receives: the content without contact details. For a blind call it carries
 * nothing that names the applicant's side either (lead organisation, partners).
 */
export function reviewContentOf(content: ApplicationContent, blind: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { ...content };
  if (blind) {
    delete out.leadOrganisation;
    delete out.partners;
  } else {
    const noContact = (o: Organisation) => {
      const copy: Partial<Organisation> = { ...o };
      delete copy.email;
      return copy;
    };
    if (content.leadOrganisation) out.leadOrganisation = noContact(content.leadOrganisation);
    if (content.partners) out.partners = content.partners.map(noContact);
  }
  return out;
}
