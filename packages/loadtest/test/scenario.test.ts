import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { BotBehaviour, intentFor } from '../src/bot/bot-behaviours.js';
import { runCli } from '../src/cli/run-cli.js';
import { loadScenario, validateScenario } from '../src/scenario/load-scenario.js';
import { RoomMixPlanner } from '../src/scenario/room-mix-planner.js';
import { behaviourPicker, peakPhase } from '../src/scenario/run-scenario.js';
import { scenarioSchemaMarkdown } from '../src/scenario/schema-doc.js';
import { WeightedRoundRobin } from '../src/scenario/weighted-round-robin.js';

const SCENARIOS = fileURLToPath(new URL('../scenarios/', import.meta.url));
const DOCS = fileURLToPath(new URL('../../../docs/loadtest.md', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'loadtest-scenario-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Draft {
  name?: string;
  rooms: Record<string, unknown>[];
  behaviours?: Record<string, number>;
  phases: Record<string, unknown>[];
}

const minimal = (): Draft => ({
  name: 't',
  rooms: [{ size: 8 }],
  phases: [
    { kind: 'ramp', duration: 2, clients: 8 },
    { kind: 'hold', duration: 2 },
  ],
});

/** The one-line message a scenario gets refused with. */
function refusal(value: unknown): string {
  try {
    validateScenario(value);
  } catch (err) {
    expect((err as { code?: string }).code).toBe('BAD_FLAGS');
    return (err as Error).message;
  }
  throw new Error('accepted');
}

describe('scenario files', () => {
  it('ships three examples that validate', async () => {
    const files = readdirSync(SCENARIOS).sort();
    expect(files).toEqual(['friday-peak.yaml', 'quiet-evening.yaml', 'spike.json']);
    const friday = await loadScenario(join(SCENARIOS, 'friday-peak.yaml'));
    expect(friday.phases.map((p) => [p.kind, p.clients])).toEqual([
      ['ramp', 160],
      ['hold', 160],
      ['ramp', 240],
      ['hold', 240],
      ['drain', 40],
      ['hold', 40],
    ]);
    expect(friday.rooms.map((r) => r.tickRate)).toEqual([30, 60, 128]);
    const quiet = await loadScenario(join(SCENARIOS, 'quiet-evening.yaml'));
    expect(quiet.behaviours).toEqual({ idle: 2, walker: 3, fighter: 4, reconnecting: 1 });
    expect(quiet.rooms[0]).toEqual({ weight: 3, size: 8, tickRate: 30, snapshotEvery: undefined, bots: 2 });
    const spike = await loadScenario(join(SCENARIOS, 'spike.json'));
    expect(spike.phases[2]).toEqual({ kind: 'spike', durationSeconds: 30, clients: 144, riseSeconds: 2 });
    // Defaults: reconnecting every 30 s.
    expect(spike.reconnectEverySeconds).toBe(30);
  });

  it('makes every bot a fighter when no behaviours are given', () => {
    expect(validateScenario(minimal()).behaviours).toEqual({
      idle: 0,
      walker: 0,
      fighter: 1,
      reconnecting: 0,
    });
  });

  it.each<[string, (s: Draft) => unknown, string]>([
    ['a zero duration', (s) => (s.phases[1]!.duration = 0), 'scenario: /phases/1/duration: must be > 0'],
    [
      'an unknown phase kind',
      (s) => (s.phases[0]!.kind = 'plateau'),
      'scenario: /phases/0/kind: must be one of ramp, hold, spike, drain',
    ],
    [
      'a misspelt key',
      (s) => (s.rooms[0]!.tickrate = 60),
      'scenario: /rooms/0/tickrate: is not a known property',
    ],
    [
      'a tick rate rooms cannot have',
      (s) => (s.rooms[0]!.tickRate = 200),
      'scenario: /rooms/0/tickRate: must be <= 128',
    ],
    ['no rooms', (s) => (s.rooms = []), 'scenario: /rooms: must not have fewer than 1 items'],
    ['a missing name', (s) => delete s.name, 'scenario: /: must have required properties name'],
    [
      'a ramp without clients',
      (s) => delete s.phases[0]!.clients,
      'scenario: /phases/0/clients: a ramp needs the clients it ends with',
    ],
    [
      'a hold with clients',
      (s) => (s.phases[1]!.clients = 4),
      'scenario: /phases/1/clients: a hold keeps the clients it starts with; leave it out',
    ],
    [
      'a spike that adds nobody',
      (s) => s.phases.push({ kind: 'spike', duration: 2, clients: 8 }),
      'scenario: /phases/2/clients: a spike must add clients (it starts with 8)',
    ],
    ['a rise on a ramp', (s) => (s.phases[0]!.rise = 1), 'scenario: /phases/0/rise: only a spike has a rise'],
    [
      'behaviours that add up to nothing',
      (s) => (s.behaviours = { idle: 0 }),
      'scenario: /behaviours: the weights add up to 0',
    ],
    ['a negative weight', (s) => (s.behaviours = { idle: -1 }), 'scenario: /behaviours/idle: must be >= 0'],
  ])('refuses %s with one line naming the JSON path', (_name, spoil, message) => {
    const s = minimal();
    spoil(s);
    expect(refusal(s)).toBe(message);
  });

  it('says which file could not be read or parsed', async () => {
    await expect(loadScenario(join(dir, 'none.yaml'))).rejects.toThrow(
      /^scenario: cannot read .*none\.yaml \(ENOENT\)$/,
    );
    const yaml = join(dir, 'bad.yaml');
    writeFileSync(yaml, 'name: x\nrooms: [\n');
    await expect(loadScenario(yaml)).rejects.toThrow(/^scenario: .*bad\.yaml is not valid YAML: [^\n]+$/);
    const txt = join(dir, 'x.txt');
    writeFileSync(txt, '{}');
    await expect(loadScenario(txt)).rejects.toThrow('expected a .json, .yaml or .yml file');
  });

  it('documents its schema in docs/loadtest.md, generated from the TypeBox schema', () => {
    // Prettier pads the table's cells; compare cell by cell.
    const cells = (md: string) =>
      md
        .split('\n')
        .filter((l) => l.startsWith('|'))
        .map((l) =>
          l
            .split(/(?<!\\)\|/)
            .map((c) => c.trim().replace(/^-+$/, '---'))
            .join('|'),
        );
    const generated = cells(scenarioSchemaMarkdown());
    const docs = cells(readFileSync(DOCS, 'utf8'));
    const start = docs.indexOf(generated[0] as string);
    expect(start).toBeGreaterThanOrEqual(0);
    expect(docs.slice(start, start + generated.length)).toEqual(generated);
  });
});

describe('the CLI with a scenario', () => {
  async function cli(args: string[]) {
    let stdout = '';
    let stderr = '';
    const code = await runCli(args, {
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: (s: string) => (stderr += s) },
    });
    return { code, stdout, stderr };
  }

  it('exits 2 with one line before connecting anywhere when the file is invalid', async () => {
    const file = join(dir, 'bad.json');
    const s = minimal();
    s.phases[1] = { kind: 'hold', duration: -3 };
    writeFileSync(file, JSON.stringify(s));
    // Nothing listens on port 9 here, and nothing is contacted: the scenario is checked first.
    const r = await cli(['http://127.0.0.1:9', '--scenario', file]);
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: 'tick-arena-loadtest: scenario: /phases/1/duration: must be > 0\n',
    });
  });

  it('refuses flags a scenario cannot be combined with', async () => {
    const r = await cli([
      'http://127.0.0.1:9',
      '--scenario',
      join(SCENARIOS, 'spike.json'),
      '--find-capacity',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'tick-arena-loadtest: --scenario plays its own phases and rooms; it cannot be combined with --find-capacity\n',
    );
  });
});

describe('mixes', () => {
  it('weighted round-robin picks in proportion, spread out, the same every time', () => {
    const rr = new WeightedRoundRobin([
      { item: 'a', weight: 3 },
      { item: 'b', weight: 1 },
    ]);
    expect(Array.from({ length: 8 }, () => rr.next()).join('')).toBe('aabaaaba');
    expect(() => new WeightedRoundRobin([{ item: 'a', weight: 0 }])).toThrow(RangeError);
  });

  it("gives each bot id one behaviour, in the mix's proportion, whatever order they are asked in", () => {
    const pick = behaviourPicker({ idle: 1, walker: 0, fighter: 2, reconnecting: 1 });
    const late = pick(7);
    const all = Array.from({ length: 8 }, (_, i) => pick(i));
    expect(all[7]).toBe(late);
    expect(all.filter((b) => b === 'fighter')).toHaveLength(4);
    expect(all.filter((b) => b === 'idle')).toHaveLength(2);
    expect(all.filter((b) => b === 'reconnecting')).toHaveLength(2);
    expect(all).not.toContain('walker');
  });

  it('seats bots room by room in the room mix, and retires a room a drain empties', () => {
    const kinds = [
      { weight: 2, size: 2, tickRate: 30, snapshotEvery: undefined, bots: 1 },
      { weight: 1, size: 3, tickRate: 60, snapshotEvery: 2, bots: 0 },
    ];
    const p = new RoomMixPlanner(kinds, 2);
    const rooms = Array.from({ length: 9 }, (_, id) => p.roomIndexOf(id));
    // Kinds in the proportion 2:1, spread out (30, 60, 30, ...), each room filled before the next is made.
    expect(rooms).toEqual([0, 0, 1, 1, 1, 2, 2, 3, 3]);
    expect(p.plannedKinds.map((k) => k.tickRate)).toEqual([30, 60, 30, 30]);
    expect(p.entry(1)).toEqual({
      kind: 'create',
      index: 1,
      maxPlayers: 3,
      tickRate: 60,
      snapshotEvery: 2,
      bots: 0,
    });
    expect(p.entry(1)).toBe('wait');
    p.created(1, 'ABCDEF');
    expect(p.entry(1)).toEqual({ kind: 'join', index: 1, code: 'ABCDEF' });
    expect(p.entry(0)).toMatchObject({ kind: 'create', tickRate: 30, bots: 1 });
    expect(p.workerOf(3)).toBe(1);
    // A drain empties room 3 and frees a seat in room 1: the next bot takes that seat, the one after
    // gets a new room (the server removes an empty one).
    p.left(3);
    p.left(3);
    p.left(1);
    expect(p.roomIndexOf(9)).toBe(1);
    expect(p.roomIndexOf(10)).toBe(4);
  });

  it("puts the report's figures on the phase with the most clients, preferring its hold", () => {
    const ph = (kind: 'ramp' | 'hold' | 'spike' | 'drain', clients: number) => ({
      kind,
      clients,
      durationSeconds: 1,
      riseSeconds: 1,
    });
    expect(peakPhase([ph('ramp', 10), ph('hold', 10), ph('drain', 0)])).toBe(1);
    expect(peakPhase([ph('ramp', 10), ph('hold', 10), ph('spike', 30), ph('drain', 10)])).toBe(2);
  });

  it('plays each behaviour as described: idle never moves or fires, a walker never fires, a fighter does', () => {
    const inputs = (b: BotBehaviour) => Array.from({ length: 600 }, (_, seq) => intentFor(b, 12345, seq, 30));
    expect(inputs(BotBehaviour.IDLE).every((i) => i.mx === 0 && i.my === 0 && !i.fire)).toBe(true);
    expect(new Set(inputs(BotBehaviour.IDLE).map((i) => i.aim)).size).toBe(1);
    const walker = inputs(BotBehaviour.WALKER);
    expect(walker.some((i) => i.mx !== 0 || i.my !== 0)).toBe(true);
    expect(walker.some((i) => i.fire)).toBe(false);
    expect(inputs(BotBehaviour.FIGHTER).some((i) => i.fire)).toBe(true);
    expect(inputs(BotBehaviour.RECONNECTING)).toEqual(inputs(BotBehaviour.FIGHTER));
  });
});
