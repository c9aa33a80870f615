import { FieldProblem, fieldProblem, ProblemCoding } from '@grants/common';
import { formatMoney, money } from '@grants/money';
import {
  ApplicantIdentity,
  ApplicationContent,
  ContentField,
  GuardianConsent,
  isEmpty,
  KIND_FIELDS,
  KIND_REQUIRED,
  sectionField,
  textsOf,
  wordCount,
} from './application-content';
import { allowedLanguages, CallRules } from './call-rules';
import { comparable } from './self-identification';
import { localDate } from './zoned-time';

/** A problem, and the fields whose values together cause it (for cross-field rules). */
export type RuleProblem = FieldProblem & { fields?: string[] };

export interface RuleContext {
  rules: CallRules;
  currency: string;
  timeZone: string;
  now: Date;
  /**
   * `partial`: a draft being written: values must be valid, nothing is required yet.
   * `full`: a submission: everything the form and the eligibility rules ask for.
   */
  mode: 'partial' | 'full';
  identity?: ApplicantIdentity;
  consent?: GuardianConsent | null;
  /** Slots holding a file (full mode). */
  attachmentKeys?: string[];
}

const fmt = (minor: bigint, currency: string) => {
  try {
    return formatMoney(money(minor, currency));
  } catch {
    return `${minor} minor units`;
  }
};

export { localDate };

/** Completed years between a date of birth and a date (both YYYY-MM-DD). */
export function ageOn(dateOfBirth: string, onDate: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number);
  const [y, m, d] = onDate.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/**
 * Every problem of an application against its call at once. Pure: the same content, call and
 * instant always give the same answer (submission, screening and the draft view all use it).
 */
export function contentProblems(content: ApplicationContent, ctx: RuleContext): RuleProblem[] {
  const { rules, mode } = ctx;
  const full = mode === 'full';
  const problems: RuleProblem[] = [];
  const add = (field: string, reason: string, coding: ProblemCoding, fields?: string[]) =>
    problems.push(fields ? { ...fieldProblem(field, reason, coding), fields } : fieldProblem(field, reason, coding));
  const kindFields = KIND_FIELDS[rules.kind];
  const kindLabel = rules.kind.toLowerCase().replace(/_/g, ' ');

  for (const [field, value] of Object.entries(content)) {
    if (value !== undefined && !kindFields.includes(field as ContentField)) add(field, `is not part of a ${kindLabel} application`, { code: 'UNKNOWN_FIELD' });
  }

  // Language.
  const languages = allowedLanguages(rules);
  if (content.language !== undefined && !languages.includes(content.language)) {
    add('language', `must be one of the call's submission languages: ${languages.join(', ')}`, { code: 'ONE_OF', params: { allowed: languages } });
  }

  // The form: which sections exist, which are required, their word limits.
  const formSections = rules.form?.sections ?? [];
  const freeKeys = formSections.filter((s) => sectionField(s.key) === null).map((s) => s.key);
  for (const key of Object.keys(content.sections ?? {})) {
    if (!freeKeys.includes(key)) {
      add(`sections.${key}`, freeKeys.length ? `is not a section of this call's form (its sections: ${freeKeys.join(', ')})` : `this call's form has no free-text sections`, { code: 'ONE_OF', params: { allowed: freeKeys } });
    }
  }
  const valueOfSection = (key: string): unknown => {
    const f = sectionField(key);
    return f ? content[f] : content.sections?.[key];
  };
  const pathOfSection = (key: string) => sectionField(key) ?? `sections.${key}`;
  for (const s of formSections) {
    const value = valueOfSection(s.key);
    if (full && s.required && isEmpty(value)) add(pathOfSection(s.key), 'is required by the call\'s form', { code: 'REQUIRED' });
    if (s.maxWords && !isEmpty(value)) {
      const words = textsOf(value).reduce((n, t) => n + wordCount(t), 0);
      if (words > s.maxWords && full) add(pathOfSection(s.key), `has ${words} words; the form allows at most ${s.maxWords}`, { code: 'WORD_COUNT', params: { max: s.maxWords, words } });
    }
  }

  // What every application of this kind must have.
  if (full) {
    const required = new Set<ContentField>(KIND_REQUIRED[rules.kind]);
    if (rules.kind === 'LOCAL_INITIATIVE_COFUNDING') {
      if (rules.eligibility?.partnerMunicipalities?.length) required.add('partnerMunicipality');
      if (rules.eligibility?.minCoFundingPercent) required.add('municipalityCoFundingMinor');
    }
    for (const f of required) {
      if (isEmpty(content[f]) && !problems.some((p) => p.field === f)) add(f, 'is required', { code: 'REQUIRED' });
    }
  }

  // Essay length (the call's word limits apply to the essay; for other kinds, to all free text).
  const limits = rules.eligibility?.wordLimits;
  if (full && limits && (limits.minWords || limits.maxWords)) {
    const field = rules.kind === 'ESSAY_CONTEST' ? 'text' : 'sections';
    const value = rules.kind === 'ESSAY_CONTEST' ? content.text : content.sections;
    if (!isEmpty(value)) {
      const words = textsOf(value).reduce((n, t) => n + wordCount(t), 0);
      if (limits.minWords && words < limits.minWords) add(field, `has ${words} words; the call asks for at least ${limits.minWords}`, { code: 'WORD_COUNT', params: { min: limits.minWords, words } });
      if (limits.maxWords && words > limits.maxWords) add(field, `has ${words} words; the call allows at most ${limits.maxWords}`, { code: 'WORD_COUNT', params: { max: limits.maxWords, words } });
    }
  }

  // Partner municipality, exactly as the call lists it.
  const municipalities = rules.eligibility?.partnerMunicipalities;
  if (content.partnerMunicipality !== undefined && municipalities?.length) {
    const given = content.partnerMunicipality.normalize('NFC');
    if (!municipalities.some((m) => m.normalize('NFC') === given)) {
      // Written without diacritics or in other case: point to the call's spelling.
      const near = municipalities.find((m) => comparable(m) === comparable(given));
      add(
        'partnerMunicipality',
        near
          ? `"${content.partnerMunicipality}" is not written as on the call's list: did you mean "${near}"?`
          : `"${content.partnerMunicipality}" is not one of the call's partner municipalities: ${municipalities.join(', ')}`,
        { code: 'ONE_OF', params: { allowed: municipalities, ...(near ? { suggestion: near } : {}) } },
      );
    }
  }

  // Money: the requested amount within the call's range, the co-funding share, the budget.
  const cur = ctx.currency;
  const requested = content.requestedAmountMinor !== undefined ? BigInt(content.requestedAmountMinor) : undefined;
  const muni = content.municipalityCoFundingMinor !== undefined ? BigInt(content.municipalityCoFundingMinor) : undefined;
  const other = content.otherCoFundingMinor !== undefined ? BigInt(content.otherCoFundingMinor) : undefined;
  if (requested !== undefined) {
    const range = rules.eligibility?.requestedAmount;
    const caps = [range?.maxMinor, rules.awardRules?.maxPerAwardMinor].filter((x): x is string => !!x).map(BigInt);
    const max = caps.length ? caps.reduce((a, b) => (a < b ? a : b)) : undefined;
    if (requested <= 0n) add('requestedAmountMinor', 'must be more than zero', { code: 'MIN', params: { min: '0', exclusive: true } });
    else if (max !== undefined && requested > max) add('requestedAmountMinor', `is ${fmt(requested, cur)}; the call allows at most ${fmt(max, cur)}`, { code: 'MAX', params: { max: String(max) } });
    else if (range?.minMinor && requested < BigInt(range.minMinor)) {
      add('requestedAmountMinor', `is ${fmt(requested, cur)}; the call asks for at least ${fmt(BigInt(range.minMinor), cur)}`, { code: 'MIN', params: { min: range.minMinor } });
    }
  }
  const minShare = rules.eligibility?.minCoFundingPercent;
  const shareFields = ['requestedAmountMinor', 'municipalityCoFundingMinor', 'otherCoFundingMinor'];
  if (minShare && requested !== undefined && muni !== undefined) {
    const total = requested + muni + (other ?? 0n);
    // Exact: muni / total >= minShare / 100, in hundredths of a percent.
    const minHundredths = BigInt(Math.round(minShare * 100));
    if (total > 0n && muni * 10_000n < minHundredths * total) {
      const shareHundredths = (muni * 10_000n) / total;
      add(
        'municipalityCoFundingMinor',
        `the municipality's co-funding is ${(Number(shareHundredths) / 100).toFixed(2)}% of the project's budget (${fmt(muni, cur)} of ${fmt(total, cur)}); the call asks for at least ${minShare}%`,
        { code: 'SHARE_BELOW_MIN', params: { minPercent: minShare, percent: Number(shareHundredths) / 100 } },
        shareFields,
      );
    }
  }
  if (full && content.budgetLines?.length && requested !== undefined) {
    const sum = content.budgetLines.reduce((s, l) => s + BigInt(l.amountMinor), 0n);
    const total = requested + (muni ?? 0n) + (other ?? 0n);
    if (sum !== total) {
      add('budgetLines', `add up to ${fmt(sum, cur)}, but the requested amount and co-funding add up to ${fmt(total, cur)}`, { code: 'SUM_MISMATCH', params: { expected: String(total), actual: String(sum) } }, ['budgetLines', ...shareFields]);
    }
  }

  // Activities: dates in order.
  content.activities?.forEach((a, i) => {
    if (a.startsOn && a.endsOn && a.endsOn < a.startsOn) add(`activities[${i}].endsOn`, `is before startsOn (${a.startsOn})`, { code: 'NOT_AFTER', params: { after: 'startsOn' } }, ['activities']);
  });

  // Consortia and networks: partners only where the call accepts them, always with a lead.
  if (content.partners?.length) {
    if (!rules.eligibility?.partnershipsAllowed) add('partners', 'this call does not accept partnerships', { code: 'NOT_ALLOWED_NOW' });
    else if (full && !content.leadOrganisation) add('leadOrganisation', 'is required when the application names partners', { code: 'REQUIRED_BY_RULE', params: { because: 'PARTNERS_NAMED' } }, ['leadOrganisation', 'partners']);
  }

  problems.push(...applicantProblems(ctx));
  if (full) {
    for (const a of rules.form?.attachments ?? []) {
      if (a.required && !(ctx.attachmentKeys ?? []).includes(a.key)) add(`attachments.${a.key}`, 'is required by the call\'s form: upload it first', { code: 'REQUIRED' });
    }
  }
  return problems;
}

/** Who may apply: applicant type, age range, a guardian's consent under the call's age. */
function applicantProblems(ctx: RuleContext): RuleProblem[] {
  const { rules, mode } = ctx;
  const full = mode === 'full';
  const id = ctx.identity ?? {};
  const out: RuleProblem[] = [];
  const add = (field: string, reason: string, coding: ProblemCoding) => out.push(fieldProblem(`applicant.${field}`, reason, coding));
  const e = rules.eligibility;
  if (full) {
    if (isEmpty(id.fullName)) add('fullName', 'is required', { code: 'REQUIRED' });
    if (isEmpty(id.email)) add('email', 'is required', { code: 'REQUIRED' });
  }
  const types = e?.applicantTypes ?? [];
  if (types.length) {
    if (id.applicantType !== undefined && !types.includes(id.applicantType as never)) add('applicantType', `must be one of the types this call is open to: ${types.join(', ')}`, { code: 'ONE_OF', params: { allowed: types } });
    else if (full && id.applicantType === undefined) add('applicantType', `is required: this call is open to ${types.join(', ')}`, { code: 'REQUIRED' });
  }
  const needsAge = !!(e?.ageRange?.minAge !== undefined || e?.ageRange?.maxAge !== undefined || e?.guardianConsentUnderAge);
  if (!needsAge) return out;
  if (!id.dateOfBirth) {
    if (full) add('dateOfBirth', 'is required: this call has an age range or needs a guardian\'s consent under an age', { code: 'REQUIRED_BY_RULE', params: { because: 'AGE_RULES' } });
    return out;
  }
  const today = localDate(ctx.now, ctx.timeZone);
  if (id.dateOfBirth > today) {
    add('dateOfBirth', 'is in the future', { code: 'NOT_IN_FUTURE' });
    return out;
  }
  if (!full) return out;
  const age = ageOn(id.dateOfBirth, today);
  const { minAge, maxAge } = e?.ageRange ?? {};
  if ((minAge !== undefined && age < minAge) || (maxAge !== undefined && age > maxAge)) {
    add('dateOfBirth', `the applicant is ${age} on ${today}; this call is open to ages ${minAge ?? 0}–${maxAge ?? '∞'}`, { code: 'NOT_ELIGIBLE', params: { rule: 'AGE_RANGE', ...(minAge !== undefined ? { min: minAge } : {}), ...(maxAge !== undefined ? { max: maxAge } : {}), actual: age } });
  }
  if (e?.guardianConsentUnderAge && age < e.guardianConsentUnderAge && !ctx.consent) {
    out.push({
      field: 'guardianConsent',
      code: 'REQUIRED_BY_RULE',
      params: { because: 'GUARDIAN_CONSENT', age, underAge: e.guardianConsentUnderAge },
      reason: `the applicant is ${age}, under ${e.guardianConsentUnderAge}: a guardian's consent (name, relation) must be recorded before submitting`,
    });
  }
  return out;
}

/** The first segment of a problem's field path: `activities[0].endsOn` → `activities`. */
export const rootField = (field: string) => field.split(/[.[]/)[0];

/**
 * For an autosave: only the problems the written fields cause, so that an unrelated problem
 * elsewhere in the draft never blocks saving a section.
 */
export function problemsTouching(problems: RuleProblem[], written: Set<string>): RuleProblem[] {
  return problems.filter((p) => {
    const roots = [p.field, ...(p.fields ?? [])].map(rootField);
    return roots.some((r) => written.has(r)) || (p.field.startsWith('applicant.') && written.has(p.field));
  });
}
