/**
 * The pain.001 files we write are valid against the official pain.001.001.03 XSD.
 *
 * The schema is resolved at test time from Maven Central: `com.github.hbci4j:hbci4j-core` carries
 * `pain.001.001.03.xsd` at the root of its jar (the German banking industry's SEPA edition of the
 * ISO 20022 2009 schema, same namespace, with the SEPA restrictions: EUR only, SLEV only, the
 * restricted identifier character set). The jar goes to `.cache/xsd/` once; the XSD is extracted
 * with `unzip -p`, or the JDK's `jar xf` where unzip is missing. Validation is `xmllint --schema`.
 *
 * Nothing here is skipped: without Maven, network, unzip/jar or xmllint the tests FAIL and say
 * what is missing.
 */
import { parseDecimal } from '@grants/money';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { endToEndIdFor, messageIdFor } from '../../src/modules/payments/domain/end-to-end-id';
import { planTranches } from '../../src/modules/payments/domain/tranche-plan';
import { PAIN001_NAMESPACE, Pain001Request, writePain001 } from '../../src/modules/payments/providers/sepa-pain001.writer';
import { isPain001Xsd, PAIN001_XSD_RESOLVE_TIMEOUT_MS, resolveXsd, xmllintAgainst } from '../support/pain001-xsd';

const RUSE = 'Клуб „Отворено общество“ – Русе';
const DEBTOR = { name: 'Фондация Програма за НПО – оператор', iban: 'BG80BNBG96611020345678', bic: 'BNBGBGSD' };
const CREATED_AT = new Date('2025-11-22T08:15:30Z');

let xsdPath: string | null = null;
let xsdError: Error | null = null;
let workDir: string;

function schema(): string {
  if (!xsdPath) throw new Error(`The pain.001.001.03 XSD could not be obtained, so nothing can be validated: ${xsdError?.message}`);
  return xsdPath;
}

function xmllint(xml: string, name: string): { status: number | null; output: string } {
  return xmllintAgainst(schema(), xml, path.join(workDir, name));
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false, isArray: (n) => n === 'CdtTrfTxInf' });

/**
 * What the schema cannot check: the totals agree with the transfers. Recomputed from the file's own
 * amount texts, in minor units (no float anywhere).
 */
function totalsOf(xml: string) {
  const init = parser.parse(xml).Document.CstmrCdtTrfInitn;
  const txs: { Amt: { InstdAmt: { '#text': string } } }[] = init.PmtInf.CdtTrfTxInf;
  const sumMinor = txs.reduce((s, t) => s + parseDecimal(t.Amt.InstdAmt['#text'], 'EUR').amountMinor, 0n);
  return {
    groupCount: init.GrpHdr.NbOfTxs as string,
    groupSumMinor: parseDecimal(init.GrpHdr.CtrlSum, 'EUR').amountMinor,
    blockCount: init.PmtInf.NbOfTxs as string,
    blockSumMinor: parseDecimal(init.PmtInf.CtrlSum, 'EUR').amountMinor,
    count: String(txs.length),
    sumMinor,
    init,
  };
}

function eeaTranchesRequest(): Pain001Request {
  const plan = planTranches(
    {
      finalReportRequired: true,
      tranches: [
        { percent: 80, trigger: 'ON_AGREEMENT_SIGNED' },
        { percent: 20, trigger: 'ON_FINAL_REPORT_APPROVED' },
      ],
    },
    { amountMinor: 1774080n, currency: 'EUR' },
  );
  if (!plan.ok) throw new Error(plan.message);
  const paymentIds = ['3d0f8a4e-1b2c-4d3e-8f40-5a6b7c8d9e01', '3d0f8a4e-1b2c-4d3e-8f40-5a6b7c8d9e02'];
  return {
    messageId: messageIdFor('9c1e2d3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f'),
    createdAt: CREATED_AT,
    requestedExecutionDate: '2025-11-24',
    debtor: DEBTOR,
    transfers: plan.value.map((t, i) => ({
      endToEndId: endToEndIdFor(paymentIds[i]),
      amountMinor: t.amountMinor,
      currency: t.currency,
      creditor: { name: RUSE, iban: 'BG95UNCR70001523456789', bic: 'UNCRBGSF' },
      remittanceInformation: `Гражданско участие в интеграционната политика – транш ${t.sequence} от ${plan.value.length}`,
    })),
  };
}

function threeTransferRequest(): Pain001Request {
  return {
    messageId: messageIdFor('9c1e2d3f-4a5b-4c6d-8e7f-0a1b2c3d4e60'),
    createdAt: CREATED_AT,
    requestedExecutionDate: '2025-11-25',
    batchBooking: false,
    debtor: { ...DEBTOR, bic: null },
    transfers: [
      {
        endToEndId: endToEndIdFor('5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a01'),
        amountMinor: 1250000n,
        currency: 'EUR',
        creditor: { name: 'Клуб „Отворено общество“ Стара Загора', iban: 'BG21 STSA 9300 0012 3456 78', bic: 'STSABGSF' },
        remittanceInformation: 'Синергия на мрежата – Active Citizens Fund, priority 6',
      },
      {
        endToEndId: endToEndIdFor('5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a02'),
        amountMinor: 99n,
        currency: 'EUR',
        creditor: { name: 'Verein für Bürgerbeteiligung e.V.', iban: 'DE89370400440532013000', bic: 'COBADEFFXXX' },
        remittanceInformation: 'Study visit – travel costs',
      },
      {
        endToEndId: endToEndIdFor('5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a03'),
        amountMinor: 70000001n,
        currency: 'EUR',
        creditor: { name: 'Association Citoyenneté & Dialogue <Lyon>', iban: 'FR1420041010050500013M02606' },
        remittanceInformation: null,
      },
    ],
  };
}

function written(request: Pain001Request) {
  const outcome = writePain001(request);
  if (!outcome.ok) throw new Error(`writer refused: ${JSON.stringify(outcome.problems)}`);
  return outcome.value;
}

beforeAll(() => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pain001-'));
  try {
    xsdPath = resolveXsd();
  } catch (error) {
    xsdError = error as Error;
  }
}, PAIN001_XSD_RESOLVE_TIMEOUT_MS);

afterAll(() => {
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

describe('pain.001.001.03 files against the official XSD', () => {
  it('obtains the schema from Maven Central (hbci4j-core) and it is the pain.001.001.03 one', () => {
    const text = fs.readFileSync(schema(), 'utf8');
    expect(isPain001Xsd(text)).toBe(true);
    expect(text).toContain(`targetNamespace="${PAIN001_NAMESPACE}"`);
  });

  it("validates the EEA grant's two tranches (14192.64 + 3548.16 EUR to the Ruse club), totals exact", () => {
    const doc = written(eeaTranchesRequest());
    const result = xmllint(doc.xml, 'eea-tranches.xml');
    expect(result.output).toMatch(/validates$/);
    expect(result.status).toBe(0);

    const totals = totalsOf(doc.xml);
    expect(totals).toMatchObject({ groupCount: '2', blockCount: '2', count: '2', groupSumMinor: 1774080n, blockSumMinor: 1774080n, sumMinor: 1774080n });
    const txs = totals.init.PmtInf.CdtTrfTxInf;
    expect(txs.map((t: { Amt: { InstdAmt: { '#text': string } } }) => t.Amt.InstdAmt['#text'])).toEqual(['14192.64', '3548.16']);
    expect(txs.map((t: { Cdtr: { Nm: string } }) => t.Cdtr.Nm)).toEqual([RUSE, RUSE]);
    expect(totals.init.GrpHdr.CtrlSum).toBe('17740.80');
  });

  it('validates a three-transfer batch: Cyrillic, Latin diacritics, XML escapes, optional BICs absent', () => {
    const doc = written(threeTransferRequest());
    const result = xmllint(doc.xml, 'three-transfers.xml');
    expect(result.output).toMatch(/validates$/);
    expect(result.status).toBe(0);
    const totals = totalsOf(doc.xml);
    expect(totals).toMatchObject({ groupCount: '3', count: '3', groupSumMinor: 71250100n, sumMinor: 71250100n });
    expect(totals.init.GrpHdr.CtrlSum).toBe('712501.00');
  });

  it('validates the EPC basic Latin variant for banks that need it', () => {
    const doc = written({ ...eeaTranchesRequest(), characterSet: 'EPC_BASIC_LATIN' });
    expect(doc.xml).not.toMatch(/[^\x00-\x7f]/);
    const result = xmllint(doc.xml, 'eea-tranches-latin.xml');
    expect(result.output).toMatch(/validates$/);
    expect(result.status).toBe(0);
  });

  describe('a broken document fails validation (so these tests can fail)', () => {
    const breakages: [string, (xml: string) => string][] = [
      ['NbOfTxs missing from the group header', (xml) => xml.replace(/<NbOfTxs>2<\/NbOfTxs>/, '')],
      ['an amount with three decimals', (xml) => xml.replace('>14192.64<', '>14192.645<')],
      ['a non-EUR currency', (xml) => xml.replace('Ccy="EUR"', 'Ccy="BGN"')],
      ['an end-to-end id of 36 characters', (xml) => xml.replace(/<EndToEndId>GP/, '<EndToEndId>GPXX')],
      ['a charge bearer other than SLEV', (xml) => xml.replace('<ChrgBr>SLEV</ChrgBr>', '<ChrgBr>SHAR</ChrgBr>')],
      ['an IBAN with spaces', (xml) => xml.replace('<IBAN>BG95UNCR70001523456789</IBAN>', '<IBAN>BG95 UNCR 7000 1523 4567 89</IBAN>')],
      ['the wrong namespace', (xml) => xml.replace(PAIN001_NAMESPACE, 'urn:iso:std:iso:20022:tech:xsd:pain.001.001.09')],
    ];

    it.each(breakages)('%s', (label, breakIt) => {
      const valid = written(eeaTranchesRequest()).xml;
      const broken = breakIt(valid);
      expect(broken).not.toBe(valid);
      const result = xmllint(broken, `broken-${label.replace(/\W+/g, '-')}.xml`);
      expect(result.status).not.toBe(0);
      expect(result.output).toMatch(/fails to validate/);
    });
  });

  it('CtrlSum is optional in this schema: a file without it still validates, which is why the totals are checked above', () => {
    const valid = written(eeaTranchesRequest()).xml;
    const withoutControlSums = valid.replace(/\s*<CtrlSum>[^<]*<\/CtrlSum>/g, '');
    expect(withoutControlSums).not.toBe(valid);
    expect(xmllint(withoutControlSums, 'no-ctrlsum.xml').status).toBe(0);
  });
});
