import { Actor } from '@grants/testing';

/**
 * Helpers for the cross-user tests of access-control.e2e-spec.ts: a call body, a small PDF, and a
 * runner that sends requests with real object ids and states every unexpected answer at once.
 */

/** An essay contest in MKD with one optional PDF slot (`scan`), closing at `closesAt`. */
export function essayCall(referenceCode: string, closesAt: Date, budgetMinor = '100000'): Record<string, unknown> {
  return {
    referenceCode,
    kind: 'ESSAY_CONTEST',
    currency: 'MKD',
    budgetMinor,
    opensAt: 'ON_PUBLICATION',
    closesAt: closesAt.toISOString(),
    timeZone: 'Europe/Skopje',
    defaultLanguage: 'mk',
    texts: { mk: { title: 'Есеј', summary: 'Есеј', body: 'Есеј' } },
    funder: 'Асоцијација Иницијатива за социјална промена ИнСоК',
    submissionLanguages: ['mk'],
    eligibility: { applicantTypes: ['STUDENT'], ageRange: { minAge: 14, maxAge: 19 }, guardianConsentUnderAge: 18, wordLimits: { maxWords: 1500 }, onePerApplicant: false },
    form: {
      sections: [{ key: 'title', required: true }, { key: 'text', required: true }],
      attachments: [{ key: 'scan', required: false, maxSizeBytes: 1024 * 1024, allowedTypes: ['application/pdf'] }],
    },
    rubric: { criteria: [{ id: 'relevance', weightPercent: 50, maxScore: 10, step: 1 }, { id: 'originality', weightPercent: 50, maxScore: 10, step: 1 }], passMark: 50 },
    evaluation: { evaluatorsPerEntry: 1, blind: true, divergence: { mode: 'NONE' }, tieBreak: [{ by: 'EARLIER_SUBMISSION' }] },
    awardRules: { mode: 'RANKED_PRIZES', prizesMinor: [budgetMinor], reserveListLength: 0 },
    paymentPolicy: { tranches: [{ percent: 100, trigger: 'ON_AGREEMENT_SIGNED' }] },
    appealWindowDays: 8,
  };
}

export { pdf } from '@grants/testing';

/** One request: `route` is `METHOD /api/path/{param}` as in the OpenAPI document. */
export interface Probe {
  route: string;
  params: Record<string, string>;
  /** JSON, or a Buffer sent as application/pdf. */
  body?: unknown;
  query?: string;
}

export interface Answer {
  status: number;
  text: string;
  bytes: Buffer;
  json: any;
}

/** Sends probes through the gateway and remembers which routes were tried by someone else. */
export class ProbeRunner {
  /** Every route tried at least once by a user who must be refused, as `METHOD /api/...{param}`. */
  readonly refusedRoutes = new Set<string>();

  constructor(private readonly gatewayUrl: string) {}

  async send(actor: Actor, p: Probe): Promise<Answer> {
    const [method, template] = p.route.split(' ');
    const path = template.replace(/\{(\w+)\}/g, (_, k: string) => {
      if (!p.params[k]) throw new Error(`no value for {${k}} in ${p.route}`);
      return p.params[k];
    });
    const headers: Record<string, string> = { ...actor.auth };
    let body: Buffer | string | undefined;
    if (Buffer.isBuffer(p.body)) {
      headers['content-type'] = 'application/pdf';
      body = p.body;
    } else if (p.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(p.body);
    }
    const res = await fetch(`${this.gatewayUrl}${path}${p.query ?? ''}`, { method, headers, body });
    const bytes = Buffer.from(await res.arrayBuffer());
    const text = bytes.toString('utf8');
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, text, bytes, json };
  }

  /**
   * Sends every probe as `actor` and returns one line per problem: a status other than
   * `expected`, or any of `secrets` in the answer (status line, headers aside, the whole body).
   * An empty list means every request was refused and nothing of the owner's came back.
   */
  async refusals(who: string, actor: Actor, probes: Probe[], expected: number, secrets: string[]): Promise<string[]> {
    const problems: string[] = [];
    for (const p of probes) {
      this.refusedRoutes.add(p.route);
      const r = await this.send(actor, p);
      if (r.status !== expected) problems.push(`${who} ${p.route}: ${r.status} (expected ${expected}) ${r.text.slice(0, 200)}`);
      const leaked = leaksIn(r.text, secrets);
      if (leaked.length) problems.push(`${who} ${p.route}: answer contains ${leaked.join(', ')}`);
    }
    return problems;
  }
}

/** Which of the secrets occur in the text. */
export const leaksIn = (text: string, secrets: string[]) => secrets.filter((s) => s && text.includes(s));
