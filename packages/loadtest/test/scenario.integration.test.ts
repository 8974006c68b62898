import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../src/report/report.js';
import { startGameServer, type GameServerFixture } from './support/game-server.js';
import { runCliProcess } from './support/run-cli.js';

let fixture: GameServerFixture;

beforeAll(async () => {
  fixture = await startGameServer('loadtest-scenario-');
});

afterAll(async () => {
  await fixture?.close();
});

/** A few seconds of every phase kind, two kinds of room and every behaviour, reconnects every second. */
const SHORT = `
name: short
description: every phase kind in ten seconds
rooms:
  - { size: 4, tickRate: 20, bots: 1 }
  - { size: 4, tickRate: 30 }
behaviours: { idle: 1, walker: 1, fighter: 1, reconnecting: 1 }
reconnectEverySeconds: 1
phases:
  - { kind: ramp, duration: 2, clients: 8 }
  - { kind: hold, duration: 3 }
  - { kind: spike, duration: 2, clients: 12, rise: 0.5 }
  - { kind: drain, duration: 1.5, clients: 4 }
`;

describe('--scenario against a real server', () => {
  it('plays every phase in the room and behaviour mix and reports each phase', async () => {
    const file = join(fixture.dir, 'short.yaml');
    const json = join(fixture.dir, 'short.json');
    const html = join(fixture.dir, 'short.html');
    writeFileSync(file, SHORT);
    const r = await runCliProcess(
      [fixture.url, '--scenario', file, '--workers', '1', '--json', json, '--html', html, '--no-progress'],
      120_000,
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^phase 1 ramp: 8 clients in a room/m);
    expect(r.stderr).toMatch(/^phase 4 drain: 4 clients in a room/m);
    expect(r.stdout).toMatch(/Scenario "short": every phase kind in ten seconds/);
    expect(r.stdout).toMatch(/^\s+3 spike \(peak\)\s+12\/12/m);
    expect(r.stdout).toMatch(/Figures of the peak phase \(3\):/);

    const rep = JSON.parse(readFileSync(json, 'utf8')) as Report;
    const s = rep.scenario!;
    expect(s.name).toBe('short');
    expect(rep.config.scenarioFile).toBe(file);
    expect(s.phases.map((p) => [p.kind, p.clients, p.figures.clients.connected])).toEqual([
      ['ramp', 8, 8],
      ['hold', 8, 8],
      ['spike', 12, 12],
      ['drain', 4, 4],
    ]);
    expect(s.peakPhase).toBe(3);
    expect(rep.figures).toEqual(s.phases[2]?.figures);
    // The room mix: a 20 Hz room and a 30 Hz room of 4 hold the first 8 bots, the spike opens a third (20 Hz).
    expect(rep.config.roomsUsed).toBe(3);
    expect(s.phases[1]?.figures.snapshots.nominalRate).toBe(25);
    // Bots that left in the drain gave their seats up: not failures, not disconnects.
    const last = s.phases[3]!.figures;
    expect(last.clients).toMatchObject({ connectFailed: 0, disconnects: 0 });
    // The reconnecting quarter dropped their connections about once a second and got their seats back.
    const resumed = s.phases.reduce((n, p) => n + (p.figures.reconnects?.resumed ?? 0), 0);
    expect(resumed).toBeGreaterThanOrEqual(4);
    expect(s.phases.every((p) => p.figures.reconnects?.failed === 0)).toBe(true);
    expect(s.phases[1]?.figures.reconnects?.resumeMs.count).toBeGreaterThan(0);
    for (const p of s.phases) expect(p.figures.snapshots).toMatchObject({ decodeErrors: 0, desyncs: 0 });
    // Each phase is one window of the timeline.
    const windows = new Set(rep.timeline.map((p) => p.window).filter((w) => w !== null));
    expect([...windows]).toEqual(['phase 1: ramp', 'phase 2: hold', 'phase 3: spike', 'phase 4: drain']);

    const page = readFileSync(html, 'utf8');
    expect(page).toContain('<h2>Scenario: short</h2>');
    expect(page).toContain('Figures of the peak phase (3)');
  });
});
