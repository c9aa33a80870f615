import type { ErrorBody, FieldProblem } from './types';

/**
 * A refused request, as the portal shows it: the API's stable `code` and field problems, never
 * its English text. `status` 0 means the network failed before any answer.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly problems: FieldProblem[] = [],
    readonly body?: ErrorBody,
  ) {
    super(`${status} ${code}`);
    this.name = 'ApiError';
  }

  static network(cause: unknown): ApiError {
    const e = new ApiError(0, 'NETWORK');
    (e as { cause?: unknown }).cause = cause;
    return e;
  }

  /** From an answer's status and its body, already parsed (openapi-fetch reads it) or not. */
  static async from(res: Response, parsed?: unknown): Promise<ApiError> {
    let body = parsed as ErrorBody | undefined;
    if (body === undefined && !res.bodyUsed) {
      try {
        body = (await res.json()) as ErrorBody;
      } catch {
        body = undefined;
      }
    }
    if (typeof body !== 'object' || body === null) body = undefined;
    return new ApiError(res.status, body?.error ?? `HTTP.${res.status}`, Array.isArray(body?.problems) ? body!.problems! : [], body);
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;
