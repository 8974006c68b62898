import { execFile, spawn } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort, stopChild, waitForLine } from './processes.js';

/** The nginx site of docs/self-hosting.md: the tests run this file, not a copy of it. */
export const SITE_FILE = fileURLToPath(
  new URL('../../../../../deploy/nginx/tick-arena.conf', import.meta.url),
);
const NGINX = '/usr/sbin/nginx';
/** Who runs nginx when the tests run as root: nginx needs no privilege on a high loopback port. */
const NOBODY = 65534;

/** What the test puts in place of the site file's examples. */
export interface SiteValues {
  /** host:port of the nodes named eu1 and eu2 in the site file. */
  nodeA: string;
  nodeB: string;
  httpsPort: number;
  httpPort: number;
  cert: string;
  key: string;
}

/**
 * The site file with the test's addresses, ports and certificate in place of the examples. Each example
 * must be found, so the file and the test cannot drift apart without this throwing.
 */
export function renderSite(template: string, v: SiteValues): string {
  const swaps: Array<[string, string]> = [
    ['10.0.0.11:3000', v.nodeA],
    ['10.0.0.12:3000', v.nodeB],
    ['listen 443 ssl http2;', `listen 127.0.0.1:${v.httpsPort} ssl http2;`],
    ['listen [::]:443 ssl http2;', ''],
    ['listen 80;', `listen 127.0.0.1:${v.httpPort};`],
    ['listen [::]:80;', ''],
    ['/etc/letsencrypt/live/play.example.com/fullchain.pem', v.cert],
    ['/etc/letsencrypt/live/play.example.com/privkey.pem', v.key],
  ];
  let out = template;
  for (const [from, to] of swaps) {
    if (!out.includes(from)) throw new Error(`${SITE_FILE} no longer contains "${from}"; update renderSite`);
    out = out.replaceAll(from, to);
  }
  return out;
}

/** Debian's nginx running the site file in front of two nodes, on loopback. */
export interface NginxProcess {
  /** https://127.0.0.1:PORT */
  readonly url: string;
  /** The plain-HTTP server of the site (it redirects to HTTPS). */
  readonly httpUrl: string;
  /** The self-signed certificate (PEM) nginx presents; pass it as `ca` to trust it. */
  readonly ca: string;
  stop(): Promise<void>;
}

/**
 * Start `/usr/sbin/nginx` as a non-root user with the site file rendered for `nodeA` and `nodeB`
 * (`host:port`), a fresh self-signed certificate for 127.0.0.1, and every path it writes in a temp dir.
 * `httpsPort` may be chosen beforehand (the nodes' PUBLIC_URL names it).
 */
export async function startNginx(opts: {
  nodeA: string;
  nodeB: string;
  httpsPort?: number;
}): Promise<NginxProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'tick-arena-nginx-'));
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  await promisify(execFile)('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1',
    '-keyout',
    key,
    '-out',
    cert,
  ]);
  const httpsPort = opts.httpsPort ?? (await freePort());
  const httpPort = await freePort();
  const site = renderSite(readFileSync(SITE_FILE, 'utf8'), { ...opts, httpsPort, httpPort, cert, key });
  writeFileSync(join(dir, 'tick-arena.conf'), site);
  const temp = (name: string) => {
    mkdirSync(join(dir, name));
    return join(dir, name);
  };
  // The http block of a stock nginx.conf, cut down to what a proxy needs, every path inside `dir`.
  writeFileSync(
    join(dir, 'nginx.conf'),
    [
      'worker_processes 1;',
      'events { worker_connections 512; }',
      'http {',
      '  access_log off;',
      `  client_body_temp_path ${temp('body')};`,
      `  proxy_temp_path ${temp('proxy')};`,
      `  fastcgi_temp_path ${temp('fastcgi')};`,
      `  uwsgi_temp_path ${temp('uwsgi')};`,
      `  scgi_temp_path ${temp('scgi')};`,
      `  include ${join(dir, 'tick-arena.conf')};`,
      '}',
      '',
    ].join('\n'),
  );
  const asRoot = process.getuid?.() === 0;
  if (asRoot)
    for (const p of [dir, ...readdirSync(dir).map((f) => join(dir, f))]) chownSync(p, NOBODY, NOBODY);

  const child = spawn(
    NGINX,
    [
      '-p',
      dir,
      '-c',
      join(dir, 'nginx.conf'),
      '-g',
      `daemon off; pid ${dir}/nginx.pid; error_log stderr notice;`,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}) },
  );
  try {
    await waitForLine(child, /start worker process/, 'nginx', 30_000, child.stderr);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    url: `https://127.0.0.1:${httpsPort}`,
    httpUrl: `http://127.0.0.1:${httpPort}`,
    ca: readFileSync(cert, 'utf8'),
    async stop() {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A GET over HTTPS trusting `ca` (Node's fetch takes no CA of its own). */
export function httpsGet(
  url: string,
  ca: string,
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}
