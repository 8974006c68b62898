import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const NGINX = '/usr/sbin/nginx';
/** How long nginx gets to open its port before the test gives up on it. */
const START_TIMEOUT_MS = 10_000;

/** nginx terminating TLS in front of a plain HTTP server, as a self-hoster deploys Tick Arena. */
export interface TlsProxy {
  /** `https://127.0.0.1:<port>` */
  url: string;
  /** The self-signed certificate nginx presents (PEM), for a client that wants to trust it. */
  certificate: string;
  close(): Promise<void>;
}

/** A loopback port free at the time of asking (bound to port 0, then released for nginx to take). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      s.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

/** Resolves once something accepts a TCP connection on the port; false if nothing did before `deadline`. */
async function accepting(port: number, deadline: number): Promise<boolean> {
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

/**
 * A self-signed certificate for 127.0.0.1 (and localhost), valid for a day: OpenSSL's `req -x509` (Node's
 * crypto can read certificates but not make them). An EC key: quicker to generate than RSA.
 */
function selfSignedCertificate(dir: string): { cert: string; key: string } {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  const args = [
    ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'],
    ...['-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1'],
    ...['-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'],
  ];
  try {
    execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: Buffer };
    throw new Error(
      e.code === 'ENOENT'
        ? "openssl not found: install Debian's openssl (apt-get install openssl)"
        : `openssl could not make a certificate: ${e.stderr?.toString().trim() ?? e.message}`,
      { cause: err },
    );
  }
  return { cert, key };
}

/**
 * Debian's nginx (`/usr/sbin/nginx`) on a free loopback port, terminating TLS with a self-signed certificate
 * made for the test and proxying everything, WebSocket upgrades included, to `upstream` (an http:// URL).
 * Runs as whoever runs the tests: every path (prefix, config, pid, logs, temp files) is in a fresh
 * directory, and `-e` moves the error log away from /var/log before the config is read.
 */
export async function startTlsProxy(upstream: string): Promise<TlsProxy> {
  if (!existsSync(NGINX))
    throw new Error(`${NGINX} not found: install Debian's nginx (apt-get install nginx)`);
  const dir = mkdtempSync(join(tmpdir(), 'loadtest-nginx-'));
  const { cert, key } = selfSignedCertificate(dir);
  const port = await freePort();
  const up = new URL(upstream);
  const temp = (name: string) => `${name}_temp_path ${join(dir, name)};`;
  const conf = `
worker_processes 1;
${process.getuid?.() === 0 ? 'user root;' : ''}
events { worker_connections 4096; }
http {
  access_log off;
  ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n  ')}
  map $http_upgrade $connection_upgrade { default upgrade; '' close; }
  server {
    listen 127.0.0.1:${port} ssl;
    ssl_certificate ${cert};
    ssl_certificate_key ${key};
    location / {
      proxy_pass http://${up.host};
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header Host $host;
      proxy_read_timeout 1h;
    }
  }
}
`;
  const confFile = join(dir, 'nginx.conf');
  writeFileSync(confFile, conf);
  const errorLog = join(dir, 'error.log');
  const child = spawn(
    NGINX,
    ['-p', dir, '-c', confFile, '-e', errorLog, '-g', `daemon off; pid ${join(dir, 'nginx.pid')};`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const log = () => `${stderr}${existsSync(errorLog) ? readFileSync(errorLog, 'utf8') : ''}`.trim();
  const listening = await Promise.race([
    accepting(port, Date.now() + START_TIMEOUT_MS),
    exited.then(() => false),
  ]);
  if (!listening || child.exitCode !== null) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`nginx did not start on 127.0.0.1:${port}: ${log() || 'no output'}`);
  }
  return {
    url: `https://127.0.0.1:${port}`,
    certificate: readFileSync(cert, 'utf8'),
    async close() {
      if (child.exitCode === null) {
        // SIGTERM: nginx's fast shutdown (SIGQUIT would wait for the proxied WebSockets to end).
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
