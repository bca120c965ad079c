/**
 * Serves the built renderer (static files) at `/` for headless mode, with a strict CSP. In a browser the
 * admin token arrives once in the printed link (`/?token=…`), which is traded for a session cookie and a
 * redirect (http/routes/admin-session.ts); static files are registered at startup, so a rebuilt UI needs
 * a restart.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

export const UI_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** `dist/renderer` next to the compiled gateway (or the source tree when run through tsx). */
export function defaultUiRoot(): string | undefined {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const candidate of [join(here, '..', 'renderer'), join(here, '..', 'dist', 'renderer')]) {
    if (existsSync(join(candidate, 'index.html'))) return candidate;
  }
  return undefined;
}

export async function registerUi(app: FastifyInstance, root: string | undefined): Promise<void> {
  if (!root) {
    app.get('/', { config: { auth: 'public' } }, async (_request, reply) =>
      reply.type('text/plain; charset=utf-8').send('Signalbox is running. The UI is not built: run `npm run build`.'),
    );
    return;
  }
  await app.register(async (scope) => {
    // The static files are the only public routes besides the probes; mark each one explicitly.
    scope.addHook('onRoute', (route) => {
      route.config = { ...route.config, auth: 'public' };
    });
    await scope.register(fastifyStatic, {
      root,
      prefix: '/',
      index: ['index.html'],
      // One route per built file (no wildcard): nothing outside the bundle can ever be addressed.
      wildcard: false,
      serveDotFiles: false,
      setHeaders(res) {
        res.setHeader('content-security-policy', UI_CSP);
        res.setHeader('x-content-type-options', 'nosniff');
        res.setHeader('referrer-policy', 'no-referrer');
      },
    });
  });
}
