import type { OpenAPIObject } from '@nestjs/swagger';
import { Upstream, UPSTREAMS } from './route-table';

/**
 * One OpenAPI document for the whole platform: the gateway's own routes plus every service's,
 * under the public `/api` prefix. Fetched from the services on demand, so it is never stale.
 */
export async function aggregateOpenApi(own: OpenAPIObject, upstreams: Record<Upstream, string>): Promise<OpenAPIObject> {
  const merged: OpenAPIObject = {
    ...own,
    info: { title: 'Grants platform API', version: '1', description: 'Every route of every service, as the gateway exposes it.' },
    paths: { ...own.paths },
    components: { ...own.components, schemas: { ...(own.components?.schemas ?? {}) } },
    tags: [],
  };
  const unavailable: string[] = [];
  await Promise.all(
    UPSTREAMS.map(async (name) => {
      try {
        const res = await fetch(`${upstreams[name]}/openapi.json`, { signal: AbortSignal.timeout(3000) });
        const doc = (await res.json()) as OpenAPIObject;
        merged.tags!.push({ name });
        for (const [path, item] of Object.entries(doc.paths ?? {})) {
          // A service's health routes are for its supervisor, not reachable through the gateway.
          if (path.startsWith('/health')) continue;
          const tagged = Object.fromEntries(
            Object.entries(item).map(([method, op]) => [method, typeof op === 'object' && op ? { ...op, tags: [name] } : op]),
          );
          merged.paths[`/api${path}`] = tagged;
        }
        Object.assign(merged.components!.schemas!, doc.components?.schemas ?? {});
      } catch {
        unavailable.push(name);
      }
    }),
  );
  if (unavailable.length) merged.info.description += ` Not answering now: ${unavailable.sort().join(', ')}.`;
  return merged;
}
