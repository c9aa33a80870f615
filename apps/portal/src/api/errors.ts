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

  static async from(res: Response): Promise<ApiError> {
    let body: ErrorBody | undefined;
    try {
      body = (await res.clone().json()) as ErrorBody;
    } catch {
      body = undefined;
    }
    return new ApiError(res.status, body?.error ?? `HTTP.${res.status}`, Array.isArray(body?.problems) ? body!.problems! : [], body);
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;
