import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../src/report/report.js';
import { startGameServer, type GameServerFixture } from './support/game-server.js';
import { runCliProcess } from './support/run-cli.js';

let fixture: GameServerFixture;

beforeAll(async () => {
  fixture = await startGameServer('loadtest-netsim-');
});

afterAll(async () => {
  await fixture?.close();
});

async function run(name: string, extra: string[]): Promise<{ report: Report; stdout: string }> {
  const json = join(fixture.dir, `${name}.json`);
  const r = await runCliProcess([
    fixture.url,
    ...['--clients', '8', '--room-size', '8', '--tick-rate', '30', '--workers', '1'],
    ...['--warmup', '1', '--duration', '4', '--json', json, '--no-progress', ...extra],
  ]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return { report: JSON.parse(readFileSync(json, 'utf8')) as Report, stdout: r.stdout };
}

describe('bots behind the simulated network (real server)', () => {
  it('report what players at 150 ms experience: age and ack latency up by the delay, lost ticks missed', async () => {
    const direct = await run('direct', []);
    const slow = await run('slow', ['--latency', '150', '--jitter', '10', '--loss', '5']);
    const d = direct.report.figures!;
    const s = slow.report.figures!;
    console.log(
      `netsim bots: ack p50 ${d.ackMs.p50} -> ${s.ackMs.p50} ms, age p50 ${d.ageMs.p50} -> ${s.ageMs.p50} ms, ` +
        `missed ${d.snapshots.missedPerClient} -> ${s.snapshots.missedPerClient} /s per client`,
    );

    expect(direct.report.config.netsim).toBeNull();
    expect(slow.report.config.netsim).toEqual({ rttMs: 150, jitterMs: 10, lossPercent: 5 });
    expect(direct.stdout).not.toMatch(/simulated network/);
    expect(slow.stdout).toMatch(
      /Bots behind a simulated network: RTT \+150 ms ± 10 ms jitter, 5% of ticks lost/,
    );

    // An input travels 75 ms up and its acknowledgement 75 ms down: the whole round trip.
    expect(s.ackMs.p50!).toBeGreaterThanOrEqual(d.ackMs.p50! + 100);
    // A snapshot travels one way; the clock offset comes from pings through the same symmetric simulator.
    expect(s.ageMs.p50!).toBeGreaterThanOrEqual(d.ageMs.p50! + 50);
    // 5% of 30 ticks a second: about 1.5 per client per second counted as missed (a busy machine adds the
    // ticks a late server loop superseded; it never takes any away). Nothing else goes wrong.
    expect(s.snapshots.missedPerClient!).toBeGreaterThan(0.75);
    expect(s.snapshots).toMatchObject({ decodeErrors: 0, desyncs: 0, missingBaselines: 0 });
    expect(s.clients).toMatchObject({ connected: 8, connectFailed: 0, disconnects: 0 });
  });
});
