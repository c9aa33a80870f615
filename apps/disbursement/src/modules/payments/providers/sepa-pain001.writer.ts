import type { FieldProblem } from '@grants/common';
import { minorUnitDigits } from '@grants/money';
import { XMLBuilder } from 'fast-xml-parser';
import { isSEPACountry } from 'ibantools';
import { minorUnitsToDecimalText } from '../domain/amount-text';
import { normaliseBic, normaliseIban } from '../domain/bank-details';
import { isSepaIdentifier } from '../domain/end-to-end-id';
import { Outcome, accept, refuse } from '../domain/outcome';
import { SepaCharacterSet, characterLength, hasXmlForbiddenCharacters, sepaText } from './sepa-charset';

export const PAIN001_NAMESPACE = 'urn:iso:std:iso:20022:tech:xsd:pain.001.001.03';

/** SEPA's amount type: 0.01 to 999 999 999.99 EUR per transfer. */
export const PAIN001_MAX_AMOUNT_MINOR = 99_999_999_999n;
/** CtrlSum is a decimal of at most 18 digits, 2 of them after the point. */
const MAX_CONTROL_SUM_MINOR = 10n ** 18n - 1n;

export interface Pain001Party {
  readonly name: string;
  readonly iban: string;
  /** Optional: an IBAN alone routes a SEPA transfer; the debtor agent is then "NOTPROVIDED". */
  readonly bic?: string | null;
}

export interface Pain001Transfer {
  /** From `endToEndIdFor(paymentId)`: the same on every re-generation of the file. */
  readonly endToEndId: string;
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly creditor: Pain001Party;
  /** Unstructured remittance text, up to 140 characters (e.g. "EEA grant … tranche 1 of 2"). */
  readonly remittanceInformation?: string | null;
}

export interface Pain001Request {
  /** Unique per file (`messageIdFor(batchId)`); banks refuse a MsgId they have seen. */
  readonly messageId: string;
  /** Defaults to the message id: this writer puts one payment information block per file. */
  readonly paymentInformationId?: string;
  readonly createdAt: Date;
  /** YYYY-MM-DD: the day the debtor's bank should execute; not before the creation day (UTC). */
  readonly requestedExecutionDate: string;
  readonly debtor: Pain001Party;
  /** Defaults to the debtor's name. */
  readonly initiatingPartyName?: string;
  readonly transfers: readonly Pain001Transfer[];
  /** Whether the debtor's statement shows one booking for the batch (true) or one per transfer. */
  readonly batchBooking?: boolean;
  /** See sepa-charset.ts: UTF-8 names kept as they are, unless the debtor's bank needs basic Latin. */
  readonly characterSet?: SepaCharacterSet;
}

export interface Pain001Document {
  readonly xml: string;
  readonly messageId: string;
  readonly numberOfTransactions: number;
  readonly controlSumMinor: bigint;
  /** The CtrlSum text as written ("17740.80"). */
  readonly controlSum: string;
  readonly endToEndIds: readonly string[];
}

interface CheckedParty {
  name: string;
  iban: string;
  bic: string | null;
}

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  format: true,
  indentBy: '  ',
  suppressEmptyNode: false,
  // Escapes &, <, >, quotes in every text and attribute: names like "Citoyenneté & Dialogue".
  processEntities: true,
});

/**
 * Writes a SEPA credit transfer initiation (pain.001.001.03) for a batch of EUR transfers, or
 * refuses the whole batch naming every offending field (`transfers[2].creditor.iban`). It never
 * emits a file a bank would reject for something we can check here: IBANs and BICs (ibantools),
 * SEPA reach, amounts, identifiers, lengths and characters. Totals are computed from the same
 * bigint minor units that are written, so NbOfTxs and CtrlSum cannot disagree with the transfers.
 */
export function writePain001(request: Pain001Request): Outcome<Pain001Document, 'DISBURSEMENT.PAIN001_INVALID'> {
  const problems: FieldProblem[] = [];
  const charset: SepaCharacterSet = request.characterSet ?? 'UTF8';

  checkIdentifier(request.messageId, 'messageId', problems);
  const paymentInformationId = request.paymentInformationId ?? request.messageId;
  if (request.paymentInformationId !== undefined) checkIdentifier(paymentInformationId, 'paymentInformationId', problems);

  const createdAt = request.createdAt;
  const createdValid = createdAt instanceof Date && !Number.isNaN(createdAt.getTime());
  if (!createdValid) problems.push({ field: 'createdAt', code: 'FORMAT', params: { format: 'date-time' }, reason: 'must be a valid instant' });
  if (!isCalendarDate(request.requestedExecutionDate)) {
    problems.push({ field: 'requestedExecutionDate', code: 'FORMAT', params: { format: 'date' }, reason: 'must be a calendar date YYYY-MM-DD' });
  } else if (createdValid && request.requestedExecutionDate < createdAt.toISOString().slice(0, 10)) {
    problems.push({ field: 'requestedExecutionDate', code: 'IN_PAST', reason: 'must not be before the day the file is created (UTC)' });
  }

  const debtor = checkParty(request.debtor, 'debtor', charset, problems);
  const initiatingPartyName = checkText(request.initiatingPartyName ?? request.debtor?.name, 'initiatingPartyName', 70, charset, problems);

  const transfers = Array.isArray(request.transfers) ? request.transfers : [];
  if (transfers.length === 0) problems.push({ field: 'transfers', code: 'TOO_FEW', params: { min: 1 }, reason: 'at least one transfer is needed' });

  const seenEndToEnd = new Map<string, number>();
  let controlSumMinor = 0n;
  const checked = transfers.map((t, i) => {
    const at = `transfers[${i}]`;
    if (checkIdentifier(t.endToEndId, `${at}.endToEndId`, problems)) {
      const first = seenEndToEnd.get(t.endToEndId);
      if (first !== undefined) {
        problems.push({ field: `${at}.endToEndId`, code: 'DUPLICATE', params: { duplicateOf: `transfers[${first}].endToEndId` }, reason: `repeats transfers[${first}].endToEndId: one payment, one id, one transfer` });
      } else {
        seenEndToEnd.set(t.endToEndId, i);
      }
    }
    if (t.currency !== 'EUR') {
      problems.push({ field: `${at}.currency`, code: 'ONE_OF', params: { allowed: ['EUR'] }, reason: `a SEPA credit transfer is in EUR only, got ${JSON.stringify(t.currency)}` });
    }
    if (typeof t.amountMinor !== 'bigint' || t.amountMinor < 1n || t.amountMinor > PAIN001_MAX_AMOUNT_MINOR) {
      problems.push({ field: `${at}.amountMinor`, code: 'INVALID', reason: 'must be from 1 to 99999999999 minor units (0.01 to 999999999.99 EUR)' });
    } else {
      controlSumMinor += t.amountMinor;
    }
    const creditor = checkParty(t.creditor, `${at}.creditor`, charset, problems);
    const remittance =
      t.remittanceInformation == null || t.remittanceInformation.trim() === ''
        ? null
        : checkText(t.remittanceInformation, `${at}.remittanceInformation`, 140, charset, problems);
    return { endToEndId: t.endToEndId, amountMinor: t.amountMinor, creditor, remittance };
  });
  if (controlSumMinor > MAX_CONTROL_SUM_MINOR) {
    problems.push({ field: 'transfers', code: 'TOO_MANY', params: { max: 18 }, reason: 'the control sum exceeds 18 digits: split the batch' });
  }

  // A null party always came with a problem above; the filter only convinces the type checker.
  const ready = checked.flatMap((t) => (t.creditor ? [{ ...t, creditor: t.creditor }] : []));
  if (problems.length || !debtor || initiatingPartyName === null || ready.length !== checked.length) {
    return refuse('DISBURSEMENT.PAIN001_INVALID', 'The SEPA credit transfer file cannot be written', problems);
  }

  const digits = minorUnitDigits('EUR');
  const controlSum = minorUnitsToDecimalText(controlSumMinor, digits);
  const numberOfTransactions = String(ready.length);
  // Element order follows the schema's xs:sequence; key order in these objects is the XML order.
  const document = {
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    Document: {
      '@_xmlns': PAIN001_NAMESPACE,
      CstmrCdtTrfInitn: {
        GrpHdr: {
          MsgId: request.messageId,
          CreDtTm: isoDateTimeUtc(createdAt),
          NbOfTxs: numberOfTransactions,
          CtrlSum: controlSum,
          InitgPty: { Nm: initiatingPartyName },
        },
        PmtInf: {
          PmtInfId: paymentInformationId,
          PmtMtd: 'TRF',
          ...(request.batchBooking === undefined ? {} : { BtchBookg: request.batchBooking ? 'true' : 'false' }),
          NbOfTxs: numberOfTransactions,
          CtrlSum: controlSum,
          PmtTpInf: { SvcLvl: { Cd: 'SEPA' } },
          ReqdExctnDt: request.requestedExecutionDate,
          Dbtr: { Nm: debtor.name },
          DbtrAcct: { Id: { IBAN: debtor.iban } },
          DbtrAgt: { FinInstnId: debtor.bic ? { BIC: debtor.bic } : { Othr: { Id: 'NOTPROVIDED' } } },
          ChrgBr: 'SLEV',
          CdtTrfTxInf: ready.map((t) => ({
            PmtId: { EndToEndId: t.endToEndId },
            Amt: { InstdAmt: { '@_Ccy': 'EUR', '#text': minorUnitsToDecimalText(t.amountMinor, digits) } },
            ...(t.creditor.bic ? { CdtrAgt: { FinInstnId: { BIC: t.creditor.bic } } } : {}),
            Cdtr: { Nm: t.creditor.name },
            CdtrAcct: { Id: { IBAN: t.creditor.iban } },
            ...(t.remittance ? { RmtInf: { Ustrd: t.remittance } } : {}),
          })),
        },
      },
    },
  };

  return accept({
    xml: builder.build(document) as string,
    messageId: request.messageId,
    numberOfTransactions: ready.length,
    controlSumMinor,
    controlSum,
    endToEndIds: ready.map((t) => t.endToEndId),
  });
}

/** The same, as an object the NestJS module can provide and tests can substitute. */
export class SepaPain001Writer {
  write(request: Pain001Request): Outcome<Pain001Document, 'DISBURSEMENT.PAIN001_INVALID'> {
    return writePain001(request);
  }
}

function checkIdentifier(value: unknown, field: string, problems: FieldProblem[]): boolean {
  if (isSepaIdentifier(value)) return true;
  problems.push({
    field,
    code: 'FORMAT', params: { format: 'payment-text' }, reason: "must be 1-35 characters of A-Z a-z 0-9 / - ? : ( ) . , ' + and space, not starting or ending with '/' nor containing '//'",
  });
  return false;
}

function checkParty(party: Pain001Party | undefined, at: string, charset: SepaCharacterSet, problems: FieldProblem[]): CheckedParty | null {
  if (!party) {
    problems.push({ field: at, code: 'REQUIRED', reason: 'is required' });
    return null;
  }
  const name = checkText(party.name, `${at}.name`, 70, charset, problems);
  const iban = normaliseIban(party.iban);
  if (!iban.ok) {
    problems.push(...iban.problems.map((p) => ({ field: `${at}.iban`, code: 'FORMAT' as const, params: { format: 'iban' }, reason: p.reason })));
  } else if (!isSEPACountry(iban.value.countryCode)) {
    problems.push({ field: `${at}.iban`, code: 'NOT_ELIGIBLE', params: { rule: 'SEPA_COUNTRY', actual: iban.value.countryCode }, reason: `${iban.value.countryCode} is outside SEPA: a SEPA credit transfer cannot reach it` });
  }
  let bic: string | null = null;
  if (party.bic != null && party.bic.trim() !== '') {
    const b = normaliseBic(party.bic);
    if (b.ok) bic = b.value;
    else problems.push(...b.problems.map((p) => ({ field: `${at}.bic`, code: 'FORMAT' as const, params: { format: 'bic' }, reason: p.reason })));
  }
  if (name === null || !iban.ok) return null;
  return { name, iban: iban.value.iban, bic };
}

function checkText(
  raw: string | undefined,
  field: string,
  maxLength: number,
  charset: SepaCharacterSet,
  problems: FieldProblem[],
): string | null {
  if (typeof raw !== 'string' || raw.trim() === '') {
    problems.push({ field, code: 'REQUIRED', reason: 'is required' });
    return null;
  }
  if (hasXmlForbiddenCharacters(raw)) {
    problems.push({ field, code: 'FORMAT', params: { format: 'clean-text' }, reason: 'contains control characters that XML cannot carry' });
    return null;
  }
  const text = sepaText(raw, charset);
  if (text === '') {
    problems.push({ field, code: 'FORMAT', params: { format: 'payment-text' }, reason: 'has nothing left after conversion to the SEPA character set' });
    return null;
  }
  const length = characterLength(text);
  if (length > maxLength) {
    // Refused, not truncated: a cut name can fail the payee-name check at the creditor's bank.
    problems.push({ field, code: 'TOO_LONG', params: { max: maxLength }, reason: `must be at most ${maxLength} characters, got ${length}` });
    return null;
  }
  return text;
}

/** "2025-11-22T01:51:07Z": UTC, whole seconds. */
function isoDateTimeUtc(instant: Date): string {
  return instant.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}
