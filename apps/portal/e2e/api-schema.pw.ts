import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { baseUrl } from './support';

// The committed client types must be what the running platform's OpenAPI document generates:
// a route added, renamed or removed in a service fails here until `npm run portal:api` is run.
test('the committed API schema is generated from the platform’s current OpenAPI document', async () => {
  const doc = await (await fetch(`${baseUrl()}/api/openapi.json`)).json();
  const { schemaText, SCHEMA_FILE } = (await import(resolve(__dirname, '../scripts/generate-api.mjs'))) as {
    schemaText(doc: unknown): Promise<string>;
    SCHEMA_FILE: string;
  };
  const fresh = await schemaText(doc);
  const committed = readFileSync(SCHEMA_FILE, 'utf8');
  expect(Object.keys(doc.paths)).toContain('/api/calls/catalogue');
  expect(committed === fresh, 'apps/portal/src/api/schema.d.ts is stale: run `npm run portal:api` against a running platform and commit it').toBe(true);
});
