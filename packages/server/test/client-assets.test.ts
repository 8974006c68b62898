import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CacheControl, cacheControlFor } from '../src/client-assets.js';
import { buildApp, loadConfig } from '../src/index.js';

/** Text that compresses the way a JS bundle does (repetitive, but not one repeated byte). */
function bundleLike(bytes: number): string {
  const words = ['function', 'return', 'const', 'this.', 'Phaser', '=>', '{', '}', ';', 'render', 'update'];
  let out = '';
  for (let i = 0; out.length < bytes; i++) out += `${words[(i * 7919) % words.length] ?? ''}${i % 97} `;
  return out.slice(0, bytes);
}

const JS = 'assets/phaser-CWxZ4BeG.js';
const SMALL = 'assets/boot-1a2b3c.js';
const INDEX =
  '<!doctype html><title>Tick Arena</title><script type="module" src="/assets/phaser-CWxZ4BeG.js"></script>';

describe('serving the built client', () => {
  let dir: string;
  let app: FastifyInstance;
  const original = bundleLike(200_000);

  beforeAll(async () => {
    // A build as `pnpm build` leaves it: a hashed bundle with its .br and .gz copies, a small file without.
    dir = mkdtempSync(join(tmpdir(), 'tick-arena-client-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), INDEX);
    writeFileSync(join(dir, JS), original);
    writeFileSync(join(dir, `${JS}.br`), brotliCompressSync(original));
    writeFileSync(join(dir, `${JS}.gz`), gzipSync(original));
    writeFileSync(join(dir, SMALL), 'export {};');
    app = await buildApp(loadConfig({ LOG_LEVEL: 'warn', CLIENT_DIR: dir }));
  });

  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (url: string, acceptEncoding?: string) =>
    app.inject({
      method: 'GET',
      url,
      headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding },
    });

  it('sends the brotli copy to a browser that accepts br, which decodes to the original', async () => {
    const res = await get(`/${JS}`, 'gzip, deflate, br, zstd');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/^text\/javascript|^application\/javascript/);
    expect(res.rawPayload.length).toBeLessThan(original.length / 3);
    expect(brotliDecompressSync(res.rawPayload).toString()).toBe(original);
    expect(res.headers.vary).toMatch(/accept-encoding/i);
  });

  it('sends the gzip copy to a client that accepts only gzip', async () => {
    const res = await get(`/${JS}`, 'gzip');
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(res.rawPayload).toString()).toBe(original);
    expect(res.headers.vary).toMatch(/accept-encoding/i);
  });

  it('sends the file itself without Accept-Encoding, or when only identity is acceptable', async () => {
    for (const accept of [undefined, 'identity']) {
      const res = await get(`/${JS}`, accept);
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(res.payload).toBe(original);
      expect(res.headers.vary).toMatch(/accept-encoding/i);
    }
  });

  it('falls back to the file itself when the build made no compressed copy (small files)', async () => {
    const res = await get(`/${SMALL}`, 'br, gzip');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.payload).toBe('export {};');
  });

  it('lets browsers keep hashed assets for a year, in every encoding', async () => {
    for (const accept of ['br', 'gzip', undefined]) {
      const res = await get(`/${JS}`, accept);
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }
    expect((await get(`/${SMALL}`)).headers['cache-control']).toBe(CacheControl.HASHED);
  });

  it('makes browsers revalidate index.html, at / and at a /r/CODE share link', async () => {
    for (const url of ['/', '/index.html', '/r/ABCDEF']) {
      const res = await get(url, 'br, gzip');
      expect(res.statusCode, url).toBe(200);
      expect(res.payload, url).toBe(INDEX);
      expect(res.headers['content-type'], url).toMatch(/^text\/html/);
      expect(res.headers['cache-control'], url).toBe('no-cache');
    }
  });

  it('answers a revalidation of index.html with 304 when nothing changed', async () => {
    const first = await get('/');
    const etag = first.headers.etag as string;
    expect(etag).toBeTruthy();
    const again = await app.inject({ method: 'GET', url: '/', headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
  });

  it('still 404s a missing asset', async () => {
    const res = await get('/assets/nope-123.js', 'br');
    expect(res.statusCode).toBe(404);
  });

  it('names the policy by path: assets/ is hashed, everything else revalidates', () => {
    expect(cacheControlFor('/srv/dist', '/srv/dist/assets/a-1.js.br')).toBe(CacheControl.HASHED);
    expect(cacheControlFor('/srv/dist', '/srv/dist/index.html')).toBe(CacheControl.REVALIDATE);
    expect(cacheControlFor('/srv/dist', '/srv/dist/favicon.svg')).toBe(CacheControl.REVALIDATE);
    expect(cacheControlFor('/srv/dist', '/srv/dist/assets')).toBe(CacheControl.REVALIDATE);
  });
});
