import type { FieldProblem } from '@grants/common';
import {
  ValidationErrorsBIC,
  ValidationErrorsIBAN,
  electronicFormatIBAN,
  extractIBAN,
  isSEPACountry,
  validateBIC,
  validateIBAN,
} from 'ibantools';
import { Outcome, accept, refuse } from './outcome';

/** Bank details as typed by an awardee: spaces, lower case and all. */
export interface BankDetailsInput {
  readonly iban?: unknown;
  readonly bic?: unknown;
  readonly accountHolder?: unknown;
}

/** Normalised: what is stored, compared, and written to payment files. */
export interface BankDetails {
  /** Electronic format: no spaces, upper case ("BG80BNBG96611020345678"). */
  readonly iban: string;
  /** 8 or 11 characters, upper case; null when not given for a SEPA account. */
  readonly bic: string | null;
  /** Trimmed, otherwise exactly as entered: names keep their script (Cyrillic, Latin, diacritics). */
  readonly accountHolder: string;
  readonly countryCode: string;
  /** Whether the account's country is in SEPA (EUR files can reach it without a BIC). */
  readonly sepa: boolean;
}

/** SEPA's limit on a party name (Max70Text), so stored names always fit a payment file. */
export const ACCOUNT_HOLDER_MAX_LENGTH = 70;

const IBAN_REASONS: Readonly<Record<number, string>> = {
  [ValidationErrorsIBAN.NoIBANProvided]: 'is required',
  [ValidationErrorsIBAN.NoIBANCountry]: 'does not start with a known country code',
  [ValidationErrorsIBAN.WrongBBANLength]: 'has the wrong length for its country',
  [ValidationErrorsIBAN.WrongBBANFormat]: 'has the wrong format for its country',
  [ValidationErrorsIBAN.ChecksumNotNumber]: 'check digits (3rd and 4th characters) must be digits',
  [ValidationErrorsIBAN.WrongIBANChecksum]: 'check digits do not match: probably a typo',
  [ValidationErrorsIBAN.WrongAccountBankBranchChecksum]: 'the national account or branch checksum does not match',
  [ValidationErrorsIBAN.QRIBANNotAllowed]: 'QR-IBANs are not accepted',
};

const BIC_REASONS: Readonly<Record<number, string>> = {
  [ValidationErrorsBIC.NoBICProvided]: 'is required',
  [ValidationErrorsBIC.NoBICCountry]: 'does not contain a known country code (characters 5-6)',
  [ValidationErrorsBIC.WrongBICFormat]: 'must be 8 or 11 letters and digits (e.g. UNCRBGSF)',
};

/** "bg80 bnbg 9661 1020 3456 78" → "BG80BNBG96611020345678", or the reasons it is not an IBAN. */
export function normaliseIban(raw: unknown): Outcome<{ iban: string; countryCode: string }, 'DISBURSEMENT.BANK_DETAILS_INVALID'> {
  const text = typeof raw === 'string' ? raw.trim() : '';
  // ibantools strips only ASCII spaces and dashes; pasted IBANs also carry tabs and no-break
  // spaces. Dots and other separators stay and fail validation: better than guessing.
  const iban = text ? (electronicFormatIBAN(text.replace(/\s+/g, '')) ?? '') : '';
  const result = validateIBAN(iban);
  if (!result.valid) {
    const reasons = result.errorCodes.map((c) => IBAN_REASONS[c] ?? `is not valid (code ${c})`);
    return refuse('DISBURSEMENT.BANK_DETAILS_INVALID', 'The IBAN is not valid', [
      { field: 'iban', code: 'FORMAT', params: { format: 'iban' }, reason: reasons.length ? reasons.join('; ') : 'is not valid' },
    ]);
  }
  return accept({ iban, countryCode: extractIBAN(iban).countryCode ?? iban.slice(0, 2) });
}

/** "uncr bg sf" → "UNCRBGSF", or the reasons it is not a BIC. */
export function normaliseBic(raw: unknown): Outcome<string, 'DISBURSEMENT.BANK_DETAILS_INVALID'> {
  const bic = typeof raw === 'string' ? raw.replace(/\s+/g, '').toUpperCase() : '';
  const result = validateBIC(bic);
  if (!result.valid) {
    const reasons = result.errorCodes.map((c) => BIC_REASONS[c] ?? `is not valid (code ${c})`);
    return refuse('DISBURSEMENT.BANK_DETAILS_INVALID', 'The BIC is not valid', [
      { field: 'bic', code: 'FORMAT', params: { format: 'bic' }, reason: reasons.length ? reasons.join('; ') : 'is not valid' },
    ]);
  }
  return accept(bic);
}

/**
 * Validates and normalises all three fields, naming every problem at once. The BIC is optional
 * for an account in a SEPA country (an IBAN alone routes a SEPA transfer since 2016) and required
 * otherwise: North Macedonia, Bosnia and Herzegovina and Serbia — three of the reference
 * programmes' countries — are reached by SWIFT transfers, which need the beneficiary bank's BIC.
 */
export function normaliseBankDetails(input: BankDetailsInput): Outcome<BankDetails, 'DISBURSEMENT.BANK_DETAILS_INVALID'> {
  const problems: FieldProblem[] = [];

  const iban = normaliseIban(input.iban);
  if (!iban.ok) problems.push(...iban.problems);

  let bic: string | null = null;
  const bicGiven = typeof input.bic === 'string' && input.bic.trim() !== '';
  if (bicGiven) {
    const b = normaliseBic(input.bic);
    if (b.ok) bic = b.value;
    else problems.push(...b.problems);
  } else if (input.bic !== undefined && input.bic !== null && typeof input.bic !== 'string') {
    problems.push({ field: 'bic', code: 'TYPE', params: { expected: 'string' }, reason: 'must be text' });
  } else if (iban.ok && !isSEPACountry(iban.value.countryCode)) {
    problems.push({ field: 'bic', code: 'REQUIRED_BY_RULE', params: { because: 'OUTSIDE_SEPA' }, reason: `is required for an account in ${iban.value.countryCode}, outside SEPA` });
  }

  const holder = typeof input.accountHolder === 'string' ? input.accountHolder.trim() : '';
  if (!holder) {
    problems.push({ field: 'accountHolder', code: 'REQUIRED', reason: 'is required' });
  } else if ([...holder].length > ACCOUNT_HOLDER_MAX_LENGTH) {
    problems.push({ field: 'accountHolder', code: 'TOO_LONG', params: { max: ACCOUNT_HOLDER_MAX_LENGTH }, reason: `must be at most ${ACCOUNT_HOLDER_MAX_LENGTH} characters (the limit of a payment file)` });
  } else if (/[\u0000-\u001f\u007f-\u009f]/.test(holder)) {
    problems.push({ field: 'accountHolder', code: 'FORMAT', params: { format: 'clean-text' }, reason: 'must not contain control characters or line breaks' });
  }

  if (problems.length || !iban.ok) return refuse('DISBURSEMENT.BANK_DETAILS_INVALID', 'The bank details are not valid', problems);
  return accept({
    iban: iban.value.iban,
    bic,
    accountHolder: holder,
    countryCode: iban.value.countryCode,
    sepa: isSEPACountry(iban.value.countryCode),
  });
}

/** "BG80**************5678": for notifications and logs, never the full IBAN. */
export function maskIban(iban: string): string {
  const e = iban.replace(/\s+/g, '');
  if (e.length <= 8) return '*'.repeat(e.length);
  return `${e.slice(0, 4)}${'*'.repeat(e.length - 8)}${e.slice(-4)}`;
}
