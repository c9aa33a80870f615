import createClient from 'openapi-fetch';
import { accessToken, refresh } from '../session/session';
import { ApiError } from './errors';
import type { paths } from './schema';

/**
 * Sends a request with the current access token; on a 401 it refreshes the login once and
 * retries the same request once. A network failure becomes ApiError(0, 'NETWORK').
 */
export async function authorizedFetch(input: Request): Promise<Response> {
  const retry = input.clone();
  const send = async (req: Request) => {
    const token = await accessToken();
    if (token && !req.headers.has('authorization')) req.headers.set('authorization', `Bearer ${token}`);
    try {
      return await fetch(req);
    } catch (err) {
      throw ApiError.network(err);
    }
  };
  const first = await send(input);
  if (first.status !== 401 || input.url.includes('/api/auth/')) return first;
  if (!(await refresh())) return first;
  return send(retry);
}

/** The typed client: paths, methods and path parameters are checked against the generated schema. */
export const api = createClient<paths>({ baseUrl: '', fetch: authorizedFetch, credentials: 'same-origin' });

type Answer = { data?: unknown; error?: unknown; response: Response };

/**
 * The answer's body as T, or the refusal as an ApiError. The services' documents do not describe
 * their answers yet, so T comes from api/types.ts.
 */
export async function unwrap<T>(p: Promise<Answer>): Promise<{ data: T; response: Response }> {
  let r: Answer;
  try {
    r = await p;
  } catch (err) {
    throw err instanceof ApiError ? err : ApiError.network(err);
  }
  if (!r.response.ok) throw await ApiError.from(r.response, r.error);
  return { data: r.data as T, response: r.response };
}

/** Query parameters the documents do not list yet (typed loosely, validated by the service). */
export const query = (q: Record<string, string | number | undefined>) => ({ query: q as never });
