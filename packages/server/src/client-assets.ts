import { relative, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { isAdminPath } from './admin/admin-routes.js';

/**
 * Cache policy of the built client. Vite names everything under `assets/` by a hash of its content, so a
 * file there never changes: a browser keeps it a year without asking again (`immutable`: not even on
 * reload). Everything else (`index.html`, which names the current hashes, the favicon) must be revalidated
 * on every load (`no-cache`: stored, but checked against its ETag first; a 304 costs one round trip), or a
 * new release would keep loading the old bundle.
 */
export const CacheControl = {
  HASHED: 'public, max-age=31536000, immutable',
  REVALIDATE: 'no-cache',
} as const;

/** Folder of the content-hashed files in a Vite build (`build.assetsDir`). */
const HASHED_DIR = 'assets';

/** The Cache-Control header for a file of the build, by its path (absolute, or relative to `root`). */
export function cacheControlFor(root: string, file: string): string {
  const rel = relative(root, file).split(sep);
  return rel.length > 1 && rel[0] === HASHED_DIR ? CacheControl.HASHED : CacheControl.REVALIDATE;
}

/**
 * Serve the built client from `root`: each file as its brotli or gzip copy made at build time
 * (`x.js.br`, `x.js.gz`, see packages/client/vite.config.ts) when the browser accepts it, the file itself
 * otherwise, always with `Vary: Accept-Encoding` (@fastify/static `preCompressed`), and the cache policy
 * above. Client routes (`/r/CODE`) get `index.html`, with the same headers; other unknown paths stay 404.
 */
export async function registerClientAssets(app: FastifyInstance, root: string): Promise<void> {
  await app.register(fastifyStatic, {
    root,
    preCompressed: true,
    // Ours, not @fastify/send's default `public, max-age=0`.
    cacheControl: false,
    setHeaders: (reply, file) => {
      reply.header('cache-control', cacheControlFor(root, file));
    },
    // wildcard (the default) looks files up per request, so a rebuilt client is served without a restart.
  });
  // SPA fallback: /r/CODE and other client routes get index.html; unknown API-ish paths stay 404.
  app.setNotFoundHandler((req, reply) => {
    const api = req.url.startsWith('/socket.io') || isAdminPath(req.url);
    if (req.method === 'GET' && !api && !req.url.includes('.')) {
      return reply.type('text/html').sendFile('index.html');
    }
    return reply.code(404).send({ error: 'Not Found', path: req.url });
  });
}
