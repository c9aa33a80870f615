import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const gateway = process.env.PORTAL_API_TARGET ?? 'http://127.0.0.1:3000';

/**
 * The portal is static files served by the gateway at `/` (one origin with `/api`). The gateway's
 * CSP allows only same-origin scripts and styles, so nothing here may inline either.
 */
export default defineConfig({
  root: here,
  base: '/',
  publicDir: resolve(here, 'public'),
  build: {
    outDir: resolve(here, '../../dist/portal'),
    emptyOutDir: true,
    manifest: true, // read by scripts/report-sizes.mjs, then removed
    assetsInlineLimit: 0, // no data: URLs (the CSP allows same-origin images only)
    cssCodeSplit: true,
    target: 'es2022',
    modulePreload: { polyfill: false },
    rollupOptions: {
      // react-router marks its modules "use client" (for server components): meaningless in a plain SPA bundle.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  oxc: { jsx: { runtime: 'automatic' } },
  // `vite` / `vite preview` for local work against a running gateway; the tests use the gateway itself.
  server: { port: 5173, proxy: { '/api': gateway } },
  preview: { port: 4173, proxy: { '/api': gateway } },
});
