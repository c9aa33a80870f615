import { FieldProblem, fieldProblem, ProblemCoding } from '@grants/common';
import { AwardMode, CallKind, TRANCHE_TRIGGERS } from '@grants/contracts';
import { formatMoney, isCurrencyCode } from '@grants/money';
import { CallDraft, isIanaTimeZone, isKnownLanguage, ProgrammeBudget, toHundredths } from './call-draft';

/** What each kind of call needs beyond the common parts (SCENARIOS.md): one model, rules per kind. */
export interface KindRules {
  awardMode: AwardMode;
  /** Minors' names must not reach the jury. */
  blindRequired: boolean;
  /** A prize is paid once. */
  singleTranche: boolean;
  /** With several tranches, the last waits for the approved final report. */
  lastTrancheOnFinalReport: boolean;
  needsAgeRange: boolean;
  needsWordLimit: boolean;
  needsMunicipalities: boolean;
  needsCoFundingShare: boolean;
  needsMinRequested: boolean;
  needsMaxRequested: boolean;
  needsMinAwards: boolean;
}

export const KIND_RULES: Record<CallKind, KindRules> = {
  ESSAY_CONTEST: {
    awardMode: 'RANKED_PRIZES',
    blindRequired: true,
    singleTranche: true,
    lastTrancheOnFinalReport: false,
    needsAgeRange: true,
    needsWordLimit: true,
    needsMunicipalities: false,
    needsCoFundingShare: false,
    needsMinRequested: false,
    needsMaxRequested: false,
    needsMinAwards: false,
  },
  LOCAL_INITIATIVE_COFUNDING: {
    awardMode: 'POOL',
    blindRequired: false,
    singleTranche: false,
    lastTrancheOnFinalReport: false,
    needsAgeRange: false,
    needsWordLimit: false,
    needsMunicipalities: true,
    needsCoFundingShare: true,
    needsMinRequested: false,
    needsMaxRequested: true,
    needsMinAwards: true,
  },
  NGO_GRANT: {
    awardMode: 'POOL',
    blindRequired: false,
    singleTranche: false,
    lastTrancheOnFinalReport: true,
    needsAgeRange: false,
    needsWordLimit: false,
    needsMunicipalities: false,
    needsCoFundingShare: false,
    needsMinRequested: true,
    needsMaxRequested: true,
    needsMinAwards: false,
  },
};

/** Age under which a person is a minor (guardian consent is then required). */
const ADULT_AGE = 18;

/**
 * Everything that keeps a call from being published, all at once, each with its field path.
 * Pure: the clock and the programme's budget come in as arguments.
 * `programme` is undefined when the call names none, null when it names one that does not exist.
 */
export function publicationProblems(call: CallDraft, now: Date, programme?: ProgrammeBudget | null): FieldProblem[] {
  const p: FieldProblem[] = [];
  const add = (field: string, reason: string, coding: ProblemCoding) => p.push(fieldProblem(field, reason, coding));
  const currencyOk = isCurrencyCode(call.currency);
  const fmt = (minor: bigint) => (currencyOk ? formatMoney({ amountMinor: minor, currency: call.currency }) : `${minor} minor units`);
  const rules = KIND_RULES[call.kind];

  // Money and funding.
  if (!currencyOk) add('currency', `${call.currency} is not an ISO 4217 currency`, { code: 'FORMAT', params: { format: 'currency' } });
  if (call.budgetMinor <= 0n) add('budgetMinor', 'the budget must be positive', { code: 'MIN', params: { min: 0, exclusive: true } });
  if (!call.funder?.trim()) add('funder', 'name the funder of the call', { code: 'REQUIRED' });
  if (programme === null) add('programmeId', `there is no programme ${call.programmeId}`, { code: 'NOT_FOUND' });
  if (programme) {
    if (programme.currency !== call.currency) {
      add('currency', `the programme is funded in ${programme.currency}; its calls must be too`, { code: 'ONE_OF', params: { allowed: [programme.currency] } });
    } else if (programme.committedMinor + call.budgetMinor > programme.budgetMinor) {
      const left = programme.budgetMinor - programme.committedMinor;
      add('budgetMinor', `${fmt(call.budgetMinor)} exceeds what is left of the programme's budget: ${fmt(left < 0n ? 0n : left)}`, { code: 'EXCEEDS_AVAILABLE', params: { available: String(left < 0n ? 0n : left) } });
    }
  }

  // Time.
  const tzOk = isIanaTimeZone(call.timeZone);
  if (!tzOk) add('timeZone', `${call.timeZone} is not an IANA time zone such as Europe/Skopje`, { code: 'FORMAT', params: { format: 'time-zone' } });
  if (call.opensAt && call.opensAt.getTime() <= now.getTime()) {
    add('opensAt', `the opening instant ${call.opensAt.toISOString()} is in the past; give a later one or ON_PUBLICATION`, { code: 'IN_PAST' });
  }
  if (call.closesAt.getTime() <= now.getTime()) add('closesAt', `the closing instant ${call.closesAt.toISOString()} is in the past`, { code: 'IN_PAST' });
  if (call.opensAt && call.closesAt.getTime() <= call.opensAt.getTime()) add('closesAt', 'the call must close after it opens', { code: 'NOT_AFTER', params: { after: 'opensAt' } });

  // Languages and texts.
  if (!isKnownLanguage(call.defaultLanguage)) add('defaultLanguage', `${call.defaultLanguage} is not a known language code`, { code: 'FORMAT', params: { format: 'language' } });
  for (const [lang, text] of Object.entries(call.texts)) {
    if (!isKnownLanguage(lang)) add(`texts.${lang}`, `${lang} is not a known language code`, { code: 'FORMAT', params: { format: 'language' } });
    if (!text.title?.trim()) add(`texts.${lang}.title`, 'the title must not be blank', { code: 'REQUIRED' });
  }
  const main = call.texts[call.defaultLanguage];
  if (!main) {
    add(`texts.${call.defaultLanguage}`, 'the default language needs a text', { code: 'REQUIRED' });
  } else {
    if (!main.summary?.trim()) add(`texts.${call.defaultLanguage}.summary`, 'the default language needs a summary', { code: 'REQUIRED' });
    if (!main.body?.trim()) add(`texts.${call.defaultLanguage}.body`, 'the default language needs the full call text', { code: 'REQUIRED' });
  }
  if (!call.submissionLanguages.length) add('submissionLanguages', 'accept submissions in at least one language', { code: 'TOO_FEW', params: { min: 1 } });
  const seenLang = new Set<string>();
  call.submissionLanguages.forEach((l, i) => {
    if (!isKnownLanguage(l)) add(`submissionLanguages[${i}]`, `${l} is not a known language code`, { code: 'FORMAT', params: { format: 'language' } });
    if (seenLang.has(l)) add(`submissionLanguages[${i}]`, `${l} is listed twice`, { code: 'DUPLICATE' });
    seenLang.add(l);
  });

  // Eligibility.
  const e = call.eligibility;
  if (!e) add('eligibility', 'the eligibility rules are required to publish', { code: 'REQUIRED' });
  else {
    if (!e.applicantTypes.length) add('eligibility.applicantTypes', 'name at least one type of applicant', { code: 'TOO_FEW', params: { min: 1 } });
    if (new Set(e.applicantTypes).size !== e.applicantTypes.length) add('eligibility.applicantTypes', 'a type is listed twice', { code: 'DUPLICATE' });
    const { minAge, maxAge } = e.ageRange ?? {};
    if (minAge !== undefined && maxAge !== undefined && minAge > maxAge) add('eligibility.ageRange', `the minimum age ${minAge} is above the maximum ${maxAge}`, { code: 'MAX', params: { max: maxAge } });
    if (rules.needsAgeRange && (minAge === undefined || maxAge === undefined)) {
      add('eligibility.ageRange', `a ${call.kind} states the minimum and maximum age of entrants`, { code: 'REQUIRED_BY_RULE', params: { because: call.kind } });
    }
    const minorsAdmitted = e.ageRange !== undefined && (minAge === undefined || minAge < ADULT_AGE);
    if (minorsAdmitted && e.guardianConsentUnderAge === undefined) {
      add('eligibility.guardianConsentUnderAge', 'minors may enter: state under which age a guardian must consent', { code: 'REQUIRED_BY_RULE', params: { because: 'MINORS_MAY_ENTER' } });
    }
    if (e.guardianConsentUnderAge !== undefined && e.guardianConsentUnderAge > ADULT_AGE) {
      add('eligibility.guardianConsentUnderAge', `guardian consent applies to minors, under ${ADULT_AGE} at most`, { code: 'MAX', params: { max: ADULT_AGE } });
    }
    const municipalities = e.partnerMunicipalities ?? [];
    if (rules.needsMunicipalities && !municipalities.length) {
      add('eligibility.partnerMunicipalities', `a ${call.kind} names its partner municipalities`, { code: 'REQUIRED_BY_RULE', params: { because: call.kind } });
    }
    const seenMunicipality = new Map<string, number>();
    municipalities.forEach((m, i) => {
      const key = m.trim().normalize('NFC').toLowerCase();
      if (!key) add(`eligibility.partnerMunicipalities[${i}]`, 'the name must not be blank', { code: 'REQUIRED' });
      else if (seenMunicipality.has(key)) add(`eligibility.partnerMunicipalities[${i}]`, `${m} is listed twice`, { code: 'DUPLICATE' });
      seenMunicipality.set(key, i);
    });
    const min = e.requestedAmount?.minMinor !== undefined ? BigInt(e.requestedAmount.minMinor) : undefined;
    const max = e.requestedAmount?.maxMinor !== undefined ? BigInt(e.requestedAmount.maxMinor) : undefined;
    if (min !== undefined && min <= 0n) add('eligibility.requestedAmount.minMinor', 'the minimum request must be positive', { code: 'MIN', params: { min: 0, exclusive: true } });
    if (max !== undefined && max <= 0n) add('eligibility.requestedAmount.maxMinor', 'the maximum request must be positive', { code: 'MIN', params: { min: 0, exclusive: true } });
    if (min !== undefined && max !== undefined && min > max) add('eligibility.requestedAmount', `the minimum ${fmt(min)} is above the maximum ${fmt(max)}`, { code: 'MAX', params: { max: String(max) } });
    if (max !== undefined && max > call.budgetMinor) add('eligibility.requestedAmount.maxMinor', `${fmt(max)} is more than the whole budget ${fmt(call.budgetMinor)}`, { code: 'EXCEEDS_AVAILABLE', params: { available: String(call.budgetMinor) } });
    if (rules.needsMinRequested && min === undefined) add('eligibility.requestedAmount.minMinor', `a ${call.kind} states the smallest grant one may request`, { code: 'REQUIRED_BY_RULE', params: { because: call.kind } });
    if (rules.needsMaxRequested && max === undefined) add('eligibility.requestedAmount.maxMinor', `a ${call.kind} states the largest grant one may request`, { code: 'REQUIRED_BY_RULE', params: { because: call.kind } });
    if (e.minCoFundingPercent !== undefined && (e.minCoFundingPercent <= 0 || e.minCoFundingPercent >= 100)) {
      add('eligibility.minCoFundingPercent', 'the co-funding share is a percentage above 0 and below 100', { code: 'INVALID' });
    }
    if (rules.needsCoFundingShare && e.minCoFundingPercent === undefined) {
      add('eligibility.minCoFundingPercent', `a ${call.kind} states the partner's minimum co-funding share`, { code: 'REQUIRED_BY_RULE', params: { because: call.kind } });
    }
    const w = e.wordLimits;
    if (w?.minWords !== undefined && w.maxWords !== undefined && w.minWords > w.maxWords) {
      add('eligibility.wordLimits', `the minimum ${w.minWords} words is above the maximum ${w.maxWords}`, { code: 'MAX', params: { max: w.maxWords ?? 0 } });
    }
    if (rules.needsWordLimit && w?.maxWords === undefined) add('eligibility.wordLimits.maxWords', `a ${call.kind} states its word limit`, { code: 'REQUIRED_BY_RULE', params: { because: call.kind } });
  }

  // Form.
  const f = call.form;
  if (!f) add('form', 'the application form is required to publish', { code: 'REQUIRED' });
  else {
    if (!f.sections.length) add('form.sections', 'the form needs at least one section', { code: 'TOO_FEW', params: { min: 1 } });
    const keys = new Set<string>();
    const uniqueKey = (key: string, field: string) => {
      if (keys.has(key)) add(field, `the key ${key} is used twice in the form`, { code: 'DUPLICATE' });
      keys.add(key);
    };
    f.sections.forEach((s, i) => uniqueKey(s.key, `form.sections[${i}].key`));
    f.attachments.forEach((a, i) => {
      uniqueKey(a.key, `form.attachments[${i}].key`);
      if (!a.allowedTypes.length) add(`form.attachments[${i}].allowedTypes`, 'name at least one accepted file type', { code: 'TOO_FEW', params: { min: 1 } });
    });
  }

  // Rubric.
  const r = call.rubric;
  const criterionIds = new Set<string>();
  if (!r) add('rubric', 'the rubric is required to publish', { code: 'REQUIRED' });
  else {
    if (!r.criteria.length) add('rubric.criteria', 'the rubric needs at least one criterion', { code: 'TOO_FEW', params: { min: 1 } });
    let weights = 0;
    r.criteria.forEach((c, i) => {
      const at = `rubric.criteria[${i}]`;
      if (criterionIds.has(c.id)) add(`${at}.id`, `the criterion id ${c.id} is used twice`, { code: 'DUPLICATE' });
      criterionIds.add(c.id);
      weights += toHundredths(c.weightPercent);
      if (c.weightPercent <= 0) add(`${at}.weightPercent`, 'a weight must be positive', { code: 'MIN', params: { min: 0, exclusive: true } });
      const max = toHundredths(c.maxScore);
      const step = toHundredths(c.step);
      if (max <= 0) add(`${at}.maxScore`, 'the maximum score must be positive', { code: 'MIN', params: { min: 0, exclusive: true } });
      if (step <= 0) add(`${at}.step`, 'the step must be positive', { code: 'MIN', params: { min: 0, exclusive: true } });
      else if (max > 0 && max % step !== 0) add(`${at}.step`, `the maximum ${c.maxScore} is not a multiple of the step ${c.step}`, { code: 'INVALID' });
      if (c.threshold !== undefined && (c.threshold < 0 || toHundredths(c.threshold) > max)) {
        add(`${at}.threshold`, `the threshold must be between 0 and the maximum ${c.maxScore}`, { code: 'MAX', params: { max: c.maxScore } });
      }
    });
    if (r.criteria.length && weights !== 10_000) {
      add('rubric.criteria', `the weights sum to ${weights / 100}, not 100`, { code: 'SUM_MISMATCH', params: { expected: 100, actual: weights / 100 } });
    }
    if (r.passMark < 0 || r.passMark > 100) add('rubric.passMark', 'the pass mark is a weighted total between 0 and 100', { code: 'INVALID' });
  }

  // Evaluation settings.
  const ev = call.evaluation;
  if (!ev) add('evaluation', 'the evaluation settings are required to publish', { code: 'REQUIRED' });
  else {
    if (rules.blindRequired && !ev.blind) add('evaluation.blind', `a ${call.kind} is judged blind: entrants may be minors`, { code: 'REQUIRED_BY_RULE', params: { because: call.kind } });
    if (ev.divergence.mode !== 'NONE') {
      const t = ev.divergence.thresholdPercent;
      if (t === undefined || t <= 0 || t > 100) add('evaluation.divergence.thresholdPercent', 'give the divergence threshold as a percentage above 0, at most 100', { code: 'INVALID' });
      if (ev.evaluatorsPerEntry < 2) add('evaluation.evaluatorsPerEntry', 'scores can only diverge with at least two evaluators per entry', { code: 'MIN', params: { min: 2 } });
    }
    const seenSteps = new Set<string>();
    ev.tieBreak.forEach((t, i) => {
      const at = `evaluation.tieBreak[${i}]`;
      const key = t.by === 'CRITERION_MEAN' ? `${t.by}/${t.criterionId}` : t.by;
      if (seenSteps.has(key)) add(at, 'this tie-break step is listed twice', { code: 'DUPLICATE' });
      seenSteps.add(key);
      if (t.by === 'CRITERION_MEAN' && (!t.criterionId || (r && !criterionIds.has(t.criterionId)))) {
        add(`${at}.criterionId`, `name a criterion of the rubric (${[...criterionIds].join(', ') || 'none yet'})`, { code: 'ONE_OF', params: { allowed: [...criterionIds] } });
      }
      if (t.by !== 'CRITERION_MEAN' && t.criterionId !== undefined) add(`${at}.criterionId`, `only CRITERION_MEAN names a criterion`, { code: 'NOT_ALLOWED_NOW', params: { state: t.by } });
    });
    if (!ev.tieBreak.length) add('evaluation.tieBreak', 'state the tie-break order', { code: 'REQUIRED' });
  }

  // Award rules.
  const a = call.awardRules;
  if (!a) add('awardRules', 'the award rules are required to publish', { code: 'REQUIRED' });
  else {
    if (a.mode !== rules.awardMode) add('awardRules.mode', `a ${call.kind} awards ${rules.awardMode}`, { code: 'ONE_OF', params: { allowed: [rules.awardMode] } });
    if (a.mode === 'RANKED_PRIZES') {
      const prizes = (a.prizesMinor ?? []).map((x) => BigInt(x));
      if (!prizes.length) add('awardRules.prizesMinor', 'list the prizes, first prize first', { code: 'TOO_FEW', params: { min: 1 } });
      prizes.forEach((x, i) => {
        if (x <= 0n) add(`awardRules.prizesMinor[${i}]`, 'a prize must be positive', { code: 'MIN', params: { min: 0, exclusive: true } });
        if (i > 0 && x > prizes[i - 1]) add(`awardRules.prizesMinor[${i}]`, `prize ${i + 1} (${fmt(x)}) is larger than prize ${i} (${fmt(prizes[i - 1])})`, { code: 'MAX', params: { max: String(prizes[i - 1]) } });
      });
      const total = prizes.reduce((s, x) => s + x, 0n);
      if (total > call.budgetMinor) add('awardRules.prizesMinor', `the prizes total ${fmt(total)}, more than the budget ${fmt(call.budgetMinor)}`, { code: 'EXCEEDS_AVAILABLE', params: { available: String(call.budgetMinor) } });
      for (const other of ['poolMinor', 'maxPerAwardMinor', 'minAwards'] as const) {
        if (a[other] !== undefined) add(`awardRules.${other}`, 'only for awards from a POOL', { code: 'NOT_ALLOWED_NOW', params: { state: a.mode } });
      }
    } else {
      if (a.prizesMinor !== undefined) add('awardRules.prizesMinor', 'only for RANKED_PRIZES', { code: 'NOT_ALLOWED_NOW', params: { state: a.mode } });
      const pool = a.poolMinor !== undefined ? BigInt(a.poolMinor) : undefined;
      const maxPer = a.maxPerAwardMinor !== undefined ? BigInt(a.maxPerAwardMinor) : undefined;
      if (pool === undefined) add('awardRules.poolMinor', 'state the pool to award', { code: 'REQUIRED' });
      else if (pool <= 0n) add('awardRules.poolMinor', 'the pool must be positive', { code: 'MIN', params: { min: 0, exclusive: true } });
      else if (pool > call.budgetMinor) add('awardRules.poolMinor', `the pool ${fmt(pool)} is more than the budget ${fmt(call.budgetMinor)}`, { code: 'EXCEEDS_AVAILABLE', params: { available: String(call.budgetMinor) } });
      if (maxPer !== undefined) {
        if (maxPer <= 0n) add('awardRules.maxPerAwardMinor', 'the maximum per award must be positive', { code: 'MIN', params: { min: 0, exclusive: true } });
        else if (pool !== undefined && maxPer > pool) add('awardRules.maxPerAwardMinor', `${fmt(maxPer)} is more than the pool`, { code: 'EXCEEDS_AVAILABLE', params: { available: String(pool) } });
        const maxRequested = e?.requestedAmount?.maxMinor !== undefined ? BigInt(e.requestedAmount.maxMinor) : undefined;
        if (maxRequested !== undefined && maxRequested > maxPer) {
          add('eligibility.requestedAmount.maxMinor', `applicants could ask for ${fmt(maxRequested)}, more than the maximum award ${fmt(maxPer)}`, { code: 'MAX', params: { max: String(maxPer) } });
        }
      }
      if (rules.needsMinAwards && (a.minAwards === undefined || a.minAwards < 1)) {
        add('awardRules.minAwards', `a ${call.kind} states the minimum number of funded initiatives`, { code: 'REQUIRED_BY_RULE', params: { because: call.kind } });
      }
      const minRequested = e?.requestedAmount?.minMinor !== undefined ? BigInt(e.requestedAmount.minMinor) : 1n;
      if (a.minAwards && pool !== undefined && pool > 0n && BigInt(a.minAwards) * minRequested > pool) {
        add('awardRules.minAwards', `${a.minAwards} awards of at least ${fmt(minRequested)} do not fit in the pool ${fmt(pool)}`, { code: 'EXCEEDS_AVAILABLE', params: { available: String(pool) } });
      }
    }
  }

  // Payment policy.
  const pp = call.paymentPolicy;
  if (!pp) add('paymentPolicy', 'the payment policy is required to publish', { code: 'REQUIRED' });
  else {
    if (!pp.tranches.length) add('paymentPolicy.tranches', 'at least one tranche', { code: 'TOO_FEW', params: { min: 1 } });
    let sum = 0;
    let lastOrder = -1;
    const once = new Map<string, number>();
    pp.tranches.forEach((t, i) => {
      const at = `paymentPolicy.tranches[${i}]`;
      sum += toHundredths(t.percent);
      if (t.percent <= 0) add(`${at}.percent`, 'a tranche must be a positive percentage', { code: 'MIN', params: { min: 0, exclusive: true } });
      const order = TRANCHE_TRIGGERS.indexOf(t.trigger);
      if (order < lastOrder) add(`${at}.trigger`, `${t.trigger} cannot come after ${TRANCHE_TRIGGERS[lastOrder]}`, { code: 'INVALID' });
      lastOrder = Math.max(lastOrder, order);
      if (t.trigger !== 'ON_INTERIM_REPORT_APPROVED') {
        if (once.has(t.trigger)) add(`${at}.trigger`, `only one tranche can be ${t.trigger}`, { code: 'DUPLICATE' });
        once.set(t.trigger, i);
      }
    });
    if (pp.tranches.length && sum !== 10_000) add('paymentPolicy.tranches', `the tranches sum to ${sum / 100}%, not 100%`, { code: 'SUM_MISMATCH', params: { expected: 100, actual: sum / 100 } });
    if (rules.singleTranche && pp.tranches.length > 1) add('paymentPolicy.tranches', `a ${call.kind} pays each prize once, in one tranche`, { code: 'TOO_MANY', params: { max: 1 } });
    const last = pp.tranches[pp.tranches.length - 1];
    if (rules.lastTrancheOnFinalReport && pp.tranches.length > 1 && last.trigger !== 'ON_FINAL_REPORT_APPROVED') {
      add(`paymentPolicy.tranches[${pp.tranches.length - 1}].trigger`, 'the last tranche waits for the approved final report (ON_FINAL_REPORT_APPROVED)', { code: 'ONE_OF', params: { allowed: ['ON_FINAL_REPORT_APPROVED'] } });
    }
  }

  if (call.appealWindowDays === null) add('appealWindowDays', 'state the appeal window in days (0 for none)', { code: 'REQUIRED' });
  return p;
}
