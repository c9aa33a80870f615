/**
 * The official pain.001.001.03 XSD, resolved at test time from Maven Central, and `xmllint` against
 * it — shared by the writer's schema test and the disbursement flow that files real payments.
 *
 * `com.github.hbci4j:hbci4j-core` carries `pain.001.001.03.xsd` at the root of its jar (the German
 * banking industry's SEPA edition of the ISO 20022 2009 schema, same namespace, with the SEPA
 * restrictions). The jar goes to `.cache/xsd/` once; the XSD is extracted with `unzip -p`, or the
 * JDK's `jar xf` where unzip is missing. Nothing is skipped: without Maven, network, unzip/jar or
 * xmllint the caller FAILS and says what is missing.
 */
import { SpawnSyncReturns, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../../..');
/** The newest release on Maven Central when written (checked with versions:display-dependency-updates). */
const HBCI4J_VERSION = '4.1.7';
const ARTIFACT = `com.github.hbci4j:hbci4j-core:${HBCI4J_VERSION}`;
const XSD_NAME = 'pain.001.001.03.xsd';
const CACHE_DIR = path.join(ROOT, '.cache', 'xsd');
const JAR_PATH = path.join(CACHE_DIR, `hbci4j-core-${HBCI4J_VERSION}.jar`);
const XSD_PATH = path.join(CACHE_DIR, XSD_NAME);
const MAVEN_TIMEOUT_MS = 5 * 60_000;

function run(command: string, args: string[], options: { cwd?: string; timeout?: number } = {}): SpawnSyncReturns<Buffer> {
  return spawnSync(command, args, { cwd: options.cwd ?? ROOT, timeout: options.timeout ?? 60_000, maxBuffer: 64 * 1024 * 1024 });
}

function missing(result: SpawnSyncReturns<Buffer>): boolean {
  return (result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

function tail(result: SpawnSyncReturns<Buffer>): string {
  return `${result.stdout?.toString() ?? ''}${result.stderr?.toString() ?? ''}`.trim().split('\n').slice(-15).join('\n');
}

export function isPain001Xsd(text: string): boolean {
  return text.includes('targetNamespace="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"') && text.includes('<xs:schema');
}

/** Jar from Maven Central (once), XSD out of it (once); every failure is an error that says why. */
export function resolveXsd(): string {
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


/** `xmllint --noout --schema <xsd> <file>`: exit 0 and "validates", or the reasons. */
export function xmllintAgainst(xsd: string, xml: string, file: string): { status: number | null; output: string } {
  fs.writeFileSync(file, xml, 'utf8');
  const result = run('xmllint', ['--noout', '--schema', xsd, file]);
  if (missing(result)) throw new Error('xmllint is not installed: apt-get install -y libxml2-utils');
  return { status: result.status, output: `${result.stdout.toString()}${result.stderr.toString()}`.trim() };
}

export const PAIN001_XSD_RESOLVE_TIMEOUT_MS = MAVEN_TIMEOUT_MS + 60_000;
