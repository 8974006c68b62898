import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../src/report/report.js';
import { startGameServer, type GameServerFixture } from './support/game-server.js';
import { startTlsProxy, type TlsProxy } from './support/nginx.js';
import { runCliProcess } from './support/run-cli.js';

let fixture: GameServerFixture;
let proxy: TlsProxy;

beforeAll(async () => {
  fixture = await startGameServer('loadtest-tls-');
  // A self-hoster's deployment: nginx terminating TLS (a self-signed certificate) in front of the server.
  proxy = await startTlsProxy(fixture.url);
}, 30_000);

afterAll(async () => {
  await proxy?.close();
  await fixture?.close();
});

describe('a server behind nginx terminating TLS with a self-signed certificate', () => {
  it('is refused without --insecure: exit 2 and one line about the certificate', async () => {
    const r = await runCliProcess([proxy.url, '-c', '2', '--connect-timeout', '5000', '--no-progress']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([
      `tick-arena-loadtest: ${proxy.url}: the server's TLS certificate is not trusted ` +
        '(DEPTH_ZERO_SELF_SIGNED_CERT: self-signed certificate); pass --insecure to accept it',
    ]);
  });

  it.each(['lean', 'socket.io'])(
    'is load-tested through wss:// with --insecure (%s bots): bots, preflight and /metrics all over TLS',
    async (transport) => {
      const json = join(fixture.dir, `tls-${transport}.json`);
      const wss = proxy.url.replace(/^https:/, 'wss:');
      const r = await runCliProcess([
        wss,
        ...[
          '--insecure',
          '--transport',
          transport,
          '--clients',
          '8',
          '--room-size',
          '8',
          '--tick-rate',
          '20',
        ],
        ...['--workers', '1', '--warmup', '1', '--duration', '2', '--json', json, '--no-progress'],
      ]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout.trim().split('\n').at(-1)).toBe(
        'tick-arena-loadtest: passed: 8 of 8 clients connected',
      );
      const rep = JSON.parse(readFileSync(json, 'utf8')) as Report;
      expect(rep.target.url).toBe(proxy.url);
      expect(rep.config.transport).toBe(transport);
      const f = rep.figures!;
      expect(f.clients).toMatchObject({ connected: 8, connectFailed: 0, disconnects: 0 });
      expect(f.snapshots.deliveredRate).toBeGreaterThan(5);
      expect(f.snapshots).toMatchObject({ decodeErrors: 0, desyncs: 0 });
      expect(f.ackMs.count).toBeGreaterThan(0);
      // Counted after decryption: the WebSocket frames, a header and the event code on top of each snapshot.
      expect(f.bytes.downPerClient! / f.snapshots.deliveredRate!).toBeGreaterThan(f.bytes.perSnapshot!);
      // The /metrics scrape went through nginx too, accepting the same certificate.
      expect(rep.target.serverMetrics).toBe(true);
      // At least this run's bots: the previous run's may still hold their seats for the reconnect grace.
      expect(f.server?.players).toBeGreaterThanOrEqual(8);
    },
    90_000,
  );
});
