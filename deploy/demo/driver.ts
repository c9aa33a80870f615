import { http, JsonResponse, sleep } from '@grants/testing';

export interface Who {
  id: string;
  email: string;
  auth: Record<string, string>;
}

export type Answer<T = any> = Pick<JsonResponse<T>, 'status' | 'body'>;

/**
 * The demo's HTTP client: the public API only, as a person's browser would use it. A service that
 * is restarting answers through the gateway with 502 (nothing reached it) or not at all; the driver
 * waits and asks again, like a patient user, for at most `patienceMs`. Anything else is returned
 * as it came, so a refusal is never retried into a success.
 */
export class Driver {
  constructor(
    readonly api: string,
    private readonly patienceMs = 120_000,
  ) {}

  async call<T = any>(method: string, path: string, body?: unknown, who?: Who | null, headers: Record<string, string> = {}): Promise<Answer<T>> {
    const giveUpAt = Date.now() + this.patienceMs;
    for (;;) {
      let answer: Answer<T> | undefined;
      try {
        answer = await http<T>(method, `${this.api}${path}`, body, { ...(who?.auth ?? {}), ...headers });
      } catch (err) {
        // The gateway itself unreachable: only a request that surely did nothing is asked again.
        if (method !== 'GET' && !/ECONNREFUSED/.test(String((err as { cause?: unknown }).cause ?? err))) throw err;
      }
      if (answer) {
        // 502 "did not answer: connect ECONNREFUSED": the service is down and nothing was done. (A
        // connection reset mid-request may have been acted on: only a GET is asked again then.)
        const refused = answer.status === 502 && /ECONNREFUSED/.test(String((answer.body as { message?: string })?.message));
        const safeToRepeat = method === 'GET' || refused;
        if (!((answer.status === 502 || answer.status === 503) && safeToRepeat)) return answer;
      }
      if (Date.now() > giveUpAt) throw new Error(`${method} ${path}: the platform did not answer within ${this.patienceMs / 1000} s`);
      await sleep(500);
    }
  }

  /** Calls and insists on a status; the error names the request and shows the answer. */
  async expect<T = any>(method: string, path: string, status: number | number[], body?: unknown, who?: Who | null, headers?: Record<string, string>): Promise<T> {
    const r = await this.call<T>(method, path, body, who, headers);
    const ok = Array.isArray(status) ? status.includes(r.status) : r.status === status;
    if (!ok) throw new Error(`${method} ${path}: expected HTTP ${status}, got ${r.status}: ${JSON.stringify(r.body)}`);
    return r.body;
  }

  /** Asks until `accept` says the answer is the one awaited (state that other services bring over Kafka). */
  async until<T = any>(what: string, method: string, path: string, who: Who | null, accept: (r: Answer<T>) => boolean, timeoutMs = 120_000, body?: unknown): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let last: Answer<T> | undefined;
    for (;;) {
      last = await this.call<T>(method, path, body, who);
      if (accept(last)) return last.body;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last answer ${last.status}: ${JSON.stringify(last.body).slice(0, 500)}`);
      await sleep(300);
    }
  }
}

/** Runs `fn` over `items` with at most `width` at a time, keeping the order of the results. */
export async function inParallel<T, R>(items: readonly T[], width: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return out;
}
