import { FieldProblem, fieldProblem, ProblemCoding } from '@grants/common';
import { CallChangeV1, CallStatus, CallTextV1 } from '@grants/contracts';
import { isKnownLanguage } from './call-draft';

/** What an officer asks to change in a published call. Nothing else can change after publication. */
export interface AmendmentRequest {
  reason: string;
  /** Extend the deadline (never shorten it). */
  closesAt?: Date;
  /** Correct a language's text, or add a language: the whole text of each language given. */
  texts?: Record<string, CallTextV1>;
  addSubmissionLanguages?: string[];
}

export interface AmendableCall {
  status: CallStatus;
  closesAt: Date;
  defaultLanguage: string;
  texts: Record<string, CallTextV1>;
  submissionLanguages: string[];
}

export interface AmendmentPlan {
  changes: CallChangeV1[];
  closesAt: Date;
  texts: Record<string, CallTextV1>;
  submissionLanguages: string[];
}

export type AmendmentDecision =
  | { outcome: 'REFUSED'; reason: string }
  | { outcome: 'INVALID'; problems: FieldProblem[] }
  | { outcome: 'AMEND'; plan: AmendmentPlan };

/** Until the call closes, its deadline and its submission languages may still move (forward only). */
const BEFORE_CLOSE: readonly CallStatus[] = ['SCHEDULED', 'OPEN'];
const AMENDABLE: readonly CallStatus[] = ['SCHEDULED', 'OPEN', 'CLOSED', 'UNDER_EVALUATION', 'RESULTS_PUBLISHED'];

const sameText = (a: CallTextV1 | undefined, b: CallTextV1) =>
  !!a && a.title === b.title && (a.summary ?? '') === (b.summary ?? '') && (a.body ?? '') === (b.body ?? '');

/**
 * Decides an amendment, pure: every problem at once, or the new state and the list of changes.
 * A deadline can never be shortened once published; texts stay correctable until the archive.
 */
export function planAmendment(call: AmendableCall, req: AmendmentRequest, now: Date): AmendmentDecision {
  if (call.status === 'DRAFT') return { outcome: 'REFUSED', reason: 'A draft is edited, not amended: it has not been published' };
  if (!AMENDABLE.includes(call.status)) return { outcome: 'REFUSED', reason: `A ${call.status} call can no longer be amended` };
  const problems: FieldProblem[] = [];
  const add = (field: string, reason: string, coding: ProblemCoding) => problems.push(fieldProblem(field, reason, coding));
  const changes: CallChangeV1[] = [];
  const beforeClose = BEFORE_CLOSE.includes(call.status);

  if (!req.reason.trim()) add('reason', 'say why the call is amended', { code: 'REQUIRED' });

  let closesAt = call.closesAt;
  if (req.closesAt) {
    if (!beforeClose) add('closesAt', `the call is ${call.status}: its deadline can no longer change`, { code: 'NOT_ALLOWED_NOW', params: { state: call.status } });
    else if (req.closesAt.getTime() < call.closesAt.getTime()) {
      add('closesAt', `a deadline can only be extended, never shortened: ${req.closesAt.toISOString()} is before the current deadline ${call.closesAt.toISOString()}`, { code: 'MIN', params: { min: call.closesAt.toISOString() } });
    } else if (req.closesAt.getTime() <= now.getTime()) {
      add('closesAt', `the new deadline ${req.closesAt.toISOString()} is in the past`, { code: 'IN_PAST' });
    } else if (req.closesAt.getTime() > call.closesAt.getTime()) {
      changes.push({ type: 'DEADLINE_EXTENDED', from: call.closesAt.toISOString(), to: req.closesAt.toISOString() });
      closesAt = req.closesAt;
    }
  }

  const texts = { ...call.texts };
  for (const [lang, text] of Object.entries(req.texts ?? {})) {
    const at = `texts.${lang}`;
    if (!isKnownLanguage(lang)) {
      add(at, `${lang} is not a known language code`, { code: 'FORMAT', params: { format: 'language' } });
      continue;
    }
    if (!text.title.trim()) add(`${at}.title`, 'the title must not be blank', { code: 'REQUIRED' });
    if (lang === call.defaultLanguage) {
      if (!text.summary?.trim()) add(`${at}.summary`, 'the default language needs a summary', { code: 'REQUIRED' });
      if (!text.body?.trim()) add(`${at}.body`, 'the default language needs the full call text', { code: 'REQUIRED' });
    }
    if (sameText(call.texts[lang], text)) continue;
    changes.push({ type: call.texts[lang] ? 'TEXT_CORRECTED' : 'LANGUAGE_ADDED', language: lang });
    texts[lang] = text;
  }

  const submissionLanguages = [...call.submissionLanguages];
  (req.addSubmissionLanguages ?? []).forEach((lang, i) => {
    const at = `addSubmissionLanguages[${i}]`;
    if (!beforeClose) add(at, `the call is ${call.status}: it takes no more submissions`, { code: 'NOT_ALLOWED_NOW', params: { state: call.status } });
    else if (!isKnownLanguage(lang)) add(at, `${lang} is not a known language code`, { code: 'FORMAT', params: { format: 'language' } });
    else if (submissionLanguages.includes(lang)) add(at, `submissions in ${lang} are already accepted`, { code: 'DUPLICATE' });
    else {
      submissionLanguages.push(lang);
      changes.push({ type: 'SUBMISSION_LANGUAGE_ADDED', language: lang });
    }
  });

  if (problems.length) return { outcome: 'INVALID', problems };
  if (!changes.length) return { outcome: 'INVALID', problems: [{ field: '(body)', code: 'NO_CHANGE', reason: 'the amendment changes nothing' }] };
  return { outcome: 'AMEND', plan: { changes, closesAt, texts, submissionLanguages } };
}
