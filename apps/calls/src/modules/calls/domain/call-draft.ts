import {
  AwardRulesV1,
  CallEligibilityV1,
  CallFormV1,
  CallKind,
  CallRubricV1,
  CallTextV1,
  EvaluationSettingsV1,
  PaymentPolicyV1,
} from '@grants/contracts';

/**
 * What the rules look at: a call as written, in plain data. The entity has this shape, and the
 * unit tests build it with a small factory. Parts an officer has not written yet are null.
 */
export interface CallDraft {
  referenceCode: string;
  kind: CallKind;
  programmeId: string | null;
  funder: string | null;
  currency: string;
  budgetMinor: bigint;
  /** null: the call opens the moment it is published. */
  opensAt: Date | null;
  closesAt: Date;
  timeZone: string;
  defaultLanguage: string;
  texts: Record<string, CallTextV1>;
  submissionLanguages: string[];
  eligibility: CallEligibilityV1 | null;
  form: CallFormV1 | null;
  rubric: CallRubricV1 | null;
  evaluation: EvaluationSettingsV1 | null;
  awardRules: AwardRulesV1 | null;
  paymentPolicy: PaymentPolicyV1 | null;
  appealWindowDays: number | null;
}

/** The programme a call draws on, as far as the budget rule needs it. */
export interface ProgrammeBudget {
  id: string;
  currency: string;
  budgetMinor: bigint;
  /** Budgets of the programme's other published, not cancelled, calls. */
  committedMinor: bigint;
}

const DISPLAY = new Intl.DisplayNames('en', { type: 'language', fallback: 'code' });

/**
 * An ISO 639 code that ICU knows (mk, sq, bs, sr, hr, bg, en, tr, rom, rup, …). Unknown codes
 * come back unchanged from DisplayNames, which is how they are told apart.
 */
export function isKnownLanguage(code: string): boolean {
  if (!/^[a-z]{2,3}$/.test(code)) return false;
  try {
    return DISPLAY.of(code) !== code;
  } catch {
    return false;
  }
}

export function isIanaTimeZone(tz: string): boolean {
  if (!tz || tz.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Decimals with at most two fractional digits, as exact integers (12.25 → 1225). */
export const toHundredths = (n: number): number => Math.round(n * 100);
