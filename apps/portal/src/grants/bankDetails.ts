import { electronicFormatIBAN, extractIBAN, friendlyFormatIBAN, isSEPACountry, validateBIC, validateIBAN, ValidationErrorsIBAN } from 'ibantools';
import type { FieldProblem } from '../api/types';

/** Why an IBAN is not one, in codes the portal has messages for (grant.iban.<code>). */
export type IbanIssue = 'REQUIRED' | 'COUNTRY' | 'LENGTH' | 'FORMAT' | 'CHECK_DIGITS' | 'CHECKSUM' | 'INVALID';

export type IbanCheck = { ok: true; iban: string; friendly: string; country: string; sepa: boolean } | { ok: false; issue: IbanIssue };

const ISSUE_OF: Partial<Record<ValidationErrorsIBAN, IbanIssue>> = {
  [ValidationErrorsIBAN.NoIBANProvided]: 'REQUIRED',
  [ValidationErrorsIBAN.NoIBANCountry]: 'COUNTRY',
  [ValidationErrorsIBAN.WrongBBANLength]: 'LENGTH',
  [ValidationErrorsIBAN.WrongBBANFormat]: 'FORMAT',
  [ValidationErrorsIBAN.ChecksumNotNumber]: 'CHECK_DIGITS',
  [ValidationErrorsIBAN.WrongIBANChecksum]: 'CHECKSUM',
  [ValidationErrorsIBAN.WrongAccountBankBranchChecksum]: 'CHECKSUM',
};

/**
 * The same check the disbursement service makes (ibantools, after removing every kind of space),
 * so a person learns of a typo while typing instead of after sending. The service still decides.
 */
export function checkIban(raw: string): IbanCheck {
  const text = raw.replace(/\s+/g, '');
  if (!text) return { ok: false, issue: 'REQUIRED' };
  const iban = electronicFormatIBAN(text) ?? '';
  const r = validateIBAN(iban);
  if (!r.valid) {
    // The first reason a person can act on: the country first, then the length, then the digits.
    const order: IbanIssue[] = ['COUNTRY', 'LENGTH', 'FORMAT', 'CHECK_DIGITS', 'CHECKSUM'];
    const issues = r.errorCodes.map((c) => ISSUE_OF[c] ?? 'INVALID');
    return { ok: false, issue: order.find((o) => issues.includes(o)) ?? 'INVALID' };
  }
  const country = extractIBAN(iban).countryCode ?? iban.slice(0, 2);
  return { ok: true, iban, friendly: friendlyFormatIBAN(iban) ?? iban, country, sepa: isSEPACountry(country) };
}

export const normaliseBic = (raw: string) => raw.replace(/\s+/g, '').toUpperCase();

/** A BIC is 8 or 11 characters; it is required for an account outside SEPA (SWIFT transfers). */
export function checkBic(raw: string, ibanCheck: IbanCheck): 'REQUIRED' | 'FORMAT' | null {
  const bic = normaliseBic(raw);
  if (!bic) return ibanCheck.ok && !ibanCheck.sepa ? 'REQUIRED' : null;
  return validateBIC(bic).valid ? null : 'FORMAT';
}

/** SEPA's limit on a party name (Max70Text), as the service applies it. */
export const HOLDER_MAX = 70;

export interface BankDetailsValues {
  iban: string;
  bic: string;
  accountHolder: string;
}

/** Every problem of the form at once, as field problems with codes (shown before sending). */
export function bankDetailsProblems(v: BankDetailsValues): FieldProblem[] {
  const out: FieldProblem[] = [];
  const iban = checkIban(v.iban);
  if (!iban.ok) out.push({ field: 'iban', code: `IBAN_${iban.issue}`, reason: iban.issue });
  const bic = checkBic(v.bic, iban);
  if (bic) out.push({ field: 'bic', code: `BIC_${bic}`, reason: bic });
  const holder = v.accountHolder.trim();
  if (!holder) out.push({ field: 'accountHolder', code: 'HOLDER_REQUIRED', reason: 'required' });
  else if ([...holder].length > HOLDER_MAX) out.push({ field: 'accountHolder', code: 'HOLDER_TOO_LONG', reason: 'too long', params: { max: HOLDER_MAX } });
  return out;
}

/** The PUT body: the IBAN and BIC as the service stores them; the holder's name as written. */
export function bankDetailsBody(v: BankDetailsValues) {
  const iban = checkIban(v.iban);
  const bic = normaliseBic(v.bic);
  return { iban: iban.ok ? iban.iban : v.iban.trim(), ...(bic ? { bic } : {}), accountHolder: v.accountHolder.trim() };
}
