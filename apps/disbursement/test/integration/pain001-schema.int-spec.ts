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
import { SpawnSyncReturns, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { endToEndIdFor, messageIdFor } from '../../src/modules/payments/domain/end-to-end-id';
import { planTranches } from '../../src/modules/payments/domain/tranche-plan';
import { PAIN001_NAMESPACE, Pain001Request, writePain001 } from '../../src/modules/payments/providers/sepa-pain001.writer';

const ROOT = path.resolve(__dirname, '../../../..');
/** The newest release on Maven Central when written (checked with versions:display-dependency-updates). */
const HBCI4J_VERSION = '4.1.7';
const ARTIFACT = `com.github.hbci4j:hbci4j-core:${HBCI4J_VERSION}`;
const XSD_NAME = 'pain.001.001.03.xsd';
const CACHE_DIR = path.join(ROOT, '.cache', 'xsd');
const JAR_PATH = path.join(CACHE_DIR, `hbci4j-core-${HBCI4J_VERSION}.jar`);
const XSD_PATH = path.join(CACHE_DIR, XSD_NAME);
const MAVEN_TIMEOUT_MS = 5 * 60_000;

const RUSE = 'Клуб „Отворено общество“ – Русе';
const DEBTOR = { name: 'Фондация Програма за НПО – оператор', iban: 'BG80BNBG96611020345678', bic: 'BNBGBGSD' };
const CREATED_AT = new Date('2025-11-22T08:15:30Z');

let xsdPath: string | null = null;
let xsdError: Error | null = null;
let workDir: string;

function run(command: string, args: string[], options: { cwd?: string; timeout?: number } = {}): SpawnSyncReturns<Buffer> {
  return spawnSync(command, args, { cwd: options.cwd ?? ROOT, timeout: options.timeout ?? 60_000, maxBuffer: 64 * 1024 * 1024 });
}

function missing(result: SpawnSyncReturns<Buffer>): boolean {
  return (result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

function tail(result: SpawnSyncReturns<Buffer>): string {
  return `${result.stdout?.toString() ?? ''}${result.stderr?.toString() ?? ''}`.trim().split('\n').slice(-15).join('\n');
}

function isPain001Xsd(text: string): boolean {
  return text.includes('targetNamespace="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"') && text.includes('<xs:schema');
}

/** Jar from Maven Central (once), XSD out of it (once); every failure is an error that says why. */
function resolveXsd(): string {
  if (fs.existsSync(XSD_PATH) && isPain001Xsd(fs.readFileSync(XSD_PATH, 'utf8'))) return XSD_PATH;
  fs.mkdirSync(CACHE_DIR, { recursive: true });

  if (!fs.existsSync(JAR_PATH)) {
    const mvn = run(
      'mvn',
      [
        '-B',
        '-q',
        'org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy',
        `-Dartifact=${ARTIFACT}`,
        `-DoutputDirectory=${CACHE_DIR}`,
      ],
      { timeout: MAVEN_TIMEOUT_MS },
    );
    if (missing(mvn)) {
      throw new Error('Maven (mvn) is not installed or not on PATH: it fetches the pain.001 XSD from Maven Central. Install it (apt-get install -y maven).');
    }
    if (mvn.status !== 0 || !fs.existsSync(JAR_PATH)) {
      throw new Error(`Could not fetch ${ARTIFACT} from Maven Central (exit ${mvn.status}, signal ${mvn.signal}):\n${tail(mvn)}`);
    }
  }

  let xsd: string | null = null;
  const unzip = run('unzip', ['-p', JAR_PATH, XSD_NAME]);
  if (!missing(unzip)) {
    if (unzip.status !== 0) throw new Error(`unzip could not extract ${XSD_NAME} from ${JAR_PATH}:\n${tail(unzip)}`);
    xsd = unzip.stdout.toString('utf8');
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hbci4j-'));
    const jar = run('jar', ['xf', JAR_PATH, XSD_NAME], { cwd: dir });
    if (missing(jar)) {
      throw new Error(`Neither unzip nor the JDK's jar tool is available to extract ${XSD_NAME} from ${JAR_PATH}.`);
    }
    if (jar.status !== 0 || !fs.existsSync(path.join(dir, XSD_NAME))) {
      throw new Error(`jar xf could not extract ${XSD_NAME} from ${JAR_PATH}:\n${tail(jar)}`);
    }
    xsd = fs.readFileSync(path.join(dir, XSD_NAME), 'utf8');
    fs.rmSync(dir, { recursive: true, force: true });
  }
  if (!isPain001Xsd(xsd)) throw new Error(`${XSD_NAME} inside ${JAR_PATH} is not the pain.001.001.03 schema`);

  // Written aside then renamed, so a concurrent run never reads half a file.
  const partial = `${XSD_PATH}.${process.pid}.partial`;
  fs.writeFileSync(partial, xsd);
  fs.renameSync(partial, XSD_PATH);
  return XSD_PATH;
}

function schema(): string {
  if (!xsdPath) throw new Error(`The pain.001.001.03 XSD could not be obtained, so nothing can be validated: ${xsdError?.message}`);
  return xsdPath;
}

/** `xmllint --noout --schema <xsd> <file>`: exit 0 and "validates", or the reasons. */
function xmllint(xml: string, name: string): { status: number | null; output: string } {
  const file = path.join(workDir, name);
  fs.writeFileSync(file, xml, 'utf8');
  const result = run('xmllint', ['--noout', '--schema', schema(), file]);
  if (missing(result)) throw new Error('xmllint is not installed: apt-get install -y libxml2-utils');
  return { status: result.status, output: `${result.stdout.toString()}${result.stderr.toString()}`.trim() };
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
}, MAVEN_TIMEOUT_MS + 60_000);

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
