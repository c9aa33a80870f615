export type Upstream = 'calls' | 'applications' | 'evaluation' | 'disbursement' | 'notifications';

export const UPSTREAMS: readonly Upstream[] = ['calls', 'applications', 'evaluation', 'disbursement', 'notifications'];

/**
 * Which service answers a public path. `/api/<service>/…` goes to that service with `/api`
 * removed; the one exception is submission *through the call*, `/api/calls/{id}/applications…`,
 * which belongs to applications. Pure, so the table is unit tested.
 */
export function resolveRoute(url: string): { upstream: Upstream; path: string } | null {
  if (!url.startsWith('/api/')) return null;
  const path = url.slice(4);
  if (/^\/calls\/[^/?#]+\/applications(?:[/?#]|$)/.test(path)) return { upstream: 'applications', path };
  const first = /^\/([a-z-]+)(?:[/?#]|$)/.exec(path)?.[1];
  if (!first || !(UPSTREAMS as readonly string[]).includes(first)) return null;
  return { upstream: first as Upstream, path };
}
