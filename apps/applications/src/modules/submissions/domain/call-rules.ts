import { CallEligibilityV1, CallFormV1, CallKind, CallPublishedV1 } from '@grants/contracts';

/**
 * What submissions are checked against: the parts of a call's snapshot that shape and limit an
 * application. Kept compact beside the snapshot, so the deadline rush never parses call texts.
 */
export interface CallRules {
  kind: CallKind;
  defaultLanguage: string;
  submissionLanguages?: string[];
  eligibility?: CallEligibilityV1;
  form?: CallFormV1;
  awardRules?: { maxPerAwardMinor?: string };
  appealWindowDays?: number;
}

export function rulesFromSnapshot(s: CallPublishedV1): CallRules {
  const rules: CallRules = { kind: s.kind, defaultLanguage: s.defaultLanguage };
  if (s.submissionLanguages?.length) rules.submissionLanguages = s.submissionLanguages;
  if (s.eligibility) rules.eligibility = s.eligibility;
  if (s.form) rules.form = s.form;
  if (s.awardRules?.maxPerAwardMinor) rules.awardRules = { maxPerAwardMinor: s.awardRules.maxPerAwardMinor };
  if (s.appealWindowDays !== undefined) rules.appealWindowDays = s.appealWindowDays;
  return rules;
}

/** The languages an application may be written in. */
export function allowedLanguages(rules: CallRules): string[] {
  return rules.submissionLanguages?.length ? rules.submissionLanguages : [rules.defaultLanguage];
}
