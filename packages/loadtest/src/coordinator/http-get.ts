import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';

/** Answers longer than this are cut off (a Prometheus page of a busy server is a few hundred kB). */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

/**
 * GET `url` and return its status and body as text. `fetch` would do, but Node 20's cannot be told to
 * accept a self-signed certificate (`--insecure`) without the undici package; `https.get` can. Rejects with
 * the network or TLS error (its `code`, e.g. `ECONNREFUSED`), or `timeout` after `timeoutMs`.
 */
export function getText(
  url: string,
  timeoutMs: number,
  insecure = false,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const secure = url.startsWith('https:');
    const options = { timeout: timeoutMs, ...(secure ? { rejectUnauthorized: !insecure } : {}) };
    const req = (secure ? httpsGet : httpGet)(url, options, (res) => {
      const chunks: Buffer[] = [];
      let bytes = 0;
      res.on('data', (c: Buffer) => {
        bytes += c.length;
        if (bytes <= MAX_BODY_BYTES) chunks.push(c);
      });
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'timeout' })));
    req.on('error', reject);
  });
}
