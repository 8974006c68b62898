import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Figures } from '../src/report/figures.js';
import type { Report } from '../src/report/report.js';
import { startGameServer, type GameServerFixture } from './support/game-server.js';
import { runCliProcess } from './support/run-cli.js';

let fixture: GameServerFixture;
let url: string;
let dir: string;

beforeAll(async () => {
  fixture = await startGameServer('loadtest-transports-');
  ({ url, dir } = fixture);
});

afterAll(async () => {
  await fixture?.close();
});

async function run(transport: string): Promise<Report> {
  const json = join(dir, `${transport}.json`);
  const r = await runCliProcess([
    url,
    ...['--clients', '16', '--room-size', '8', '--tick-rate', '20', '--workers', '1'],
    ...['--warmup', '1', '--duration', '3', '--transport', transport, '--json', json, '--no-progress'],
  ]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(readFileSync(json, 'utf8')) as Report;
}

const within = (a: number, b: number, fraction: number) =>
  expect(Math.abs(a - b) / Math.max(a, b)).toBeLessThanOrEqual(fraction);

describe('the lean transport against the reference socket.io-client', () => {
  it('measures the same rates, traffic and latencies against a real server', async () => {
    const lean = await run('lean');
    const reference = await run('socket.io');
    expect(lean.config.transport).toBe('lean');
    expect(reference.config.transport).toBe('socket.io');
    const [l, s] = [lean.figures as Figures, reference.figures as Figures];
    for (const f of [l, s]) {
      expect(f.clients).toMatchObject({ connected: 16, connectFailed: 0, disconnects: 0 });
      // Loose: CI shares two cores with other suites.
      expect(f.snapshots.deliveredRate).toBeGreaterThan(17);
      expect(f.snapshots.deliveredRate).toBeLessThan(22);
      expect(f.gapMs.p50).toBeGreaterThan(40);
      expect(f.gapMs.p50).toBeLessThan(60);
      expect(f.ageMs.count).toBeGreaterThan(0);
      expect(f.ackMs.count).toBeGreaterThan(16 * 20);
      expect(f.snapshots).toMatchObject({ decodeErrors: 0, desyncs: 0, missingBaselines: 0 });
    }
    // Both decode the same snapshots: deltas of rooms of 8 that play alike.
    within(l.bytes.perSnapshot as number, s.bytes.perSnapshot as number, 0.25);
    // The same frames on the wire: bytes per client agree closely (only the handshake headers differ,
    // and snapshots grow a little as the round's scores change).
    within(l.bytes.downPerClient as number, s.bytes.downPerClient as number, 0.1);
    within(l.bytes.upPerClient as number, s.bytes.upPerClient as number, 0.1);
    // One input per tick each: the server acknowledged about as many of them.
    within(l.ackMs.count, s.ackMs.count, 0.25);
  });
});
