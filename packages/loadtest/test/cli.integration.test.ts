import { readFileSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ErrorCode, PROTOCOL_VERSION, type AckResult, type JoinedRoom } from '@tick-arena/common';
import { Server } from 'socket.io';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../src/report/report.js';
import { startGameServer, type GameServerFixture } from './support/game-server.js';
import { closedPort, runCliProcess } from './support/run-cli.js';

let fixture: GameServerFixture;
let url: string;
let dir: string;

beforeAll(async () => {
  fixture = await startGameServer('loadtest-');
  ({ url, dir } = fixture);
});

afterAll(async () => {
  await fixture?.close();
});

const noStack = (s: string) => expect(s).not.toMatch(/\n\s+at /);

describe('tick-arena-loadtest against a real server', () => {
  it('measures a consistent report: delivered rate near the room rate, traffic, server metrics', async () => {
    const json = join(dir, 'r.json');
    const html = join(dir, 'r.html');
    const r = await runCliProcess([
      url,
      ...['--clients', '24', '--room-size', '8', '--tick-rate', '20', '--workers', '1'],
      ...['--warmup', '1', '--duration', '3', '--json', json, '--html', html, '--no-progress'],
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/snapshot rate, Hz/);
    expect(r.stdout).toMatch(/bytes per snapshot\s+\d+ B payload; \d+ full, 0 decode errors, 0 desyncs/);
    const rep = JSON.parse(readFileSync(json, 'utf8')) as Report;
    expect(rep.tool).toBe('tick-arena-loadtest');
    expect(rep.config.roomsUsed).toBe(3);
    const f = rep.figures!;
    expect(f.clients).toMatchObject({
      target: 24,
      connected: 24,
      connectOk: 24,
      connectFailed: 0,
      disconnects: 0,
    });
    expect(f.clients.connectMs.count).toBe(24);
    expect(f.snapshots.nominalRate).toBe(20);
    // Close to the configured rate; loose because CI shares two cores with other suites.
    expect(f.snapshots.deliveredRate).toBeGreaterThan(17);
    expect(f.snapshots.deliveredRate).toBeLessThan(22);
    expect(f.gapMs.count).toBeGreaterThan(24 * 20);
    expect(f.gapMs.p50).toBeGreaterThan(30);
    expect(f.gapMs.p50).toBeLessThan(80);
    expect(f.ageMs.count).toBeGreaterThan(0);
    expect(f.ackMs.count).toBeGreaterThan(0);
    expect(f.bytes.downPerClient).toBeGreaterThan(0);
    expect(f.bytes.upPerClient).toBeGreaterThan(0);
    // Every snapshot decoded (deltas against what each bot acknowledged), none refused.
    expect(f.snapshots).toMatchObject({ decodeErrors: 0, desyncs: 0, missingBaselines: 0 });
    // A binary delta of up to 8 players; the TCP bytes per snapshot add the WebSocket header, the event
    // code and the Engine.IO pings, so they are a little more.
    const perSnapshot = f.bytes.perSnapshot!;
    expect(perSnapshot).toBeGreaterThan(5);
    expect(perSnapshot).toBeLessThan(200);
    expect(f.bytes.downPerClient! / f.snapshots.deliveredRate!).toBeGreaterThan(perSnapshot);
    expect(rep.warnings.filter((w) => /decode/.test(w))).toEqual([]);
    expect(rep.target.serverMetrics).toBe(true);
    expect(f.server).not.toBeNull();
    expect(f.server!.tickMs.p50).not.toBeNull();
    expect(f.server!.tickMs.p99).not.toBeNull();
    expect(f.server!.eventLoopDelayMs.p99).not.toBeNull();
    expect(f.server!.rooms).toBe(3);
    expect(f.server!.players).toBe(24);
    expect(f.server!.messagesSentPerSec).toBeGreaterThan(0);
    expect(f.tester.workers).toBe(1);
    expect(typeof f.tester.saturated).toBe('boolean');
    expect(rep.timeline.length).toBeGreaterThanOrEqual(3);
    expect(rep.timeline.some((p) => p.window === 'measured')).toBe(true);
    expect(readFileSync(html, 'utf8')).toMatch(/<svg /);
  });

  it('exits 1 and lists the failing figures when an --assert cannot hold', async () => {
    const r = await runCliProcess([
      url,
      '-c',
      '4',
      '--warmup',
      '0',
      '--duration',
      '1',
      '--no-progress',
      '--assert',
      'clients>=1,gapP99<=0.001,snapshotRate>=1000',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /2 assertion\(s\) failed: gapP99<=0\.001 \(was [\d.]+\), snapshotRate>=1000 \(was [\d.]+\)/,
    );
    noStack(r.stderr);
  });

  it('exits 2 with one line when a given room is full', async () => {
    const owner = io(url, {
      auth: { protocol: PROTOCOL_VERSION },
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
    });
    const res = await new Promise<AckResult<JoinedRoom>>((resolve) =>
      owner.emit(
        'room:create',
        { name: 'owner', public: false, maxPlayers: 1, tickRate: 10, bots: 0 },
        resolve,
      ),
    );
    expect(res.ok).toBe(true);
    const code = res.ok ? res.data.room.code : '';
    const r = await runCliProcess([url, '--join', code, '-c', '1', '--no-progress']);
    owner.close();
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(new RegExp(`^tick-arena-loadtest: room ${code} is full`));
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('tick-arena-loadtest errors', () => {
  it('exits 2 with a one-line message for an unreachable URL', async () => {
    const port = await closedPort();
    const r = await runCliProcess([`http://127.0.0.1:${port}`, '-c', '2']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`tick-arena-loadtest: cannot reach http://127.0.0.1:${port}: ECONNREFUSED`);
    expect(r.stdout).toBe('');
  });

  it('exits 2 with a one-line message for a server speaking another protocol version', async () => {
    const http: HttpServer = createServer();
    const other = new Server(http);
    other.use((_s, next) =>
      next(
        Object.assign(new Error('mismatch'), {
          data: { code: ErrorCode.PROTOCOL_MISMATCH, message: 'server speaks protocol 99' },
        }),
      ),
    );
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const r = await runCliProcess([`http://127.0.0.1:${(http.address() as AddressInfo).port}`, '-c', '2']);
    await new Promise<void>((resolve) => other.close(() => resolve()));
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(
      /^tick-arena-loadtest: wrong protocol version: .*server speaks protocol 99$/,
    );
    noStack(r.stderr);
  });

  it('exits 2 for bad flags and 0 for --help', async () => {
    const bad = await runCliProcess(['http://127.0.0.1:1', '--bogus']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe("tick-arena-loadtest: unknown option '--bogus' (see --help)");
    const help = await runCliProcess(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--find-capacity/);
    expect(help.stdout).toMatch(/Examples:/);
  });
});
