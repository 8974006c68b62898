import {
  ErrorCode,
  Sim,
  encodeInput,
  narrowAck,
  narrowViewTick,
  type JoinedRoom,
  type SimEvent,
  type WireError,
} from '@tick-arena/common';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Room } from '../src/rooms/room.js';
import {
  connect,
  onSnapshot,
  request,
  sendInput,
  startServer,
  tapOf,
  validCreate,
  waitForTick,
  type TestClient,
  type TestSnapshot,
} from './support/harness.js';

/**
 * Lag compensation end to end: a real server, real socket.io clients. A runner holds "down" at top speed
 * along x = 760 on the default arena (a column free of walls from top to bottom); a shooter stands still at
 * (850, 500) (nothing but open floor between x = 760 and x = 850) and fires once, claiming a view tick.
 */
const RATE = 30;
const TICK_MS = 1000 / RATE;
const SHOOTER_AT = { x: 850, y: 500 };
const RUNNER_FROM = { x: 760, y: 150 };
/** The shooter fires once the runner is about level with it, so the beam crosses the runner's path. */
const FIRE_FROM_Y = 470;

type Shot = Extract<SimEvent, { type: 'shot' }>;
type Point = { x: number; y: number };

/** Move a player between ticks, for tests only (the engine's state is otherwise changed only by ticks). */
function teleport(room: Room, id: number, at: Point): void {
  const engine = (room as unknown as { engine: { current: typeof room.state } }).engine;
  const s = engine.current;
  engine.current = { ...s, players: s.players.map((p) => (p.id === id ? { ...p, ...at } : p)) };
}

/** Distance from `p` to the infinite line through the beam. */
function offBeam(shot: Shot, p: Point): number {
  const dx = shot.x2 - shot.x1;
  const dy = shot.y2 - shot.y1;
  return Math.abs(dx * (p.y - shot.y1) - dy * (p.x - shot.x1)) / Math.hypot(dx, dy);
}

/** A Prometheus sample from /metrics text, or 0 when absent. */
async function metric(app: FastifyInstance, name: string, labels = ''): Promise<number> {
  const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
  return line ? Number(line.split(' ').pop()) : 0;
}

interface Duel {
  room: Room;
  shooter: TestClient;
  shooterId: number;
  runnerId: number;
  /** The runner's position by tick, as the shooter received it. */
  seen: Map<number, Point>;
  /** The snapshot on which the shooter decides to fire. */
  now: TestSnapshot;
  stop: () => void;
}

/** Where the runner was at fractional tick `tick`, from the shooter's snapshots around it. */
function seenAt(d: Duel, tick: number): Point {
  let below: [number, Point] | undefined;
  let above: [number, Point] | undefined;
  for (const [t, p] of d.seen) {
    if (t <= tick && (!below || t > below[0])) below = [t, p];
    if (t >= tick && (!above || t < above[0])) above = [t, p];
  }
  if (!below || !above) throw new Error(`tick ${tick} not seen`);
  const f = above[0] === below[0] ? 0 : (tick - below[0]) / (above[0] - below[0]);
  return { x: below[1].x + (above[1].x - below[1].x) * f, y: below[1].y + (above[1].y - below[1].y) * f };
}

/** The runner in the ring at fractional tick `tick` (what the server holds). */
function ringAt(room: Room, id: number, tick: number): Point {
  const at = (t: number) => room.frames.at(t)?.state.players.find((p) => p.id === id);
  const a = at(Math.floor(tick));
  const b = at(Math.ceil(tick));
  if (!a || !b) throw new Error(`tick ${tick} not in the ring`);
  const f = tick - Math.floor(tick);
  return { x: a.x + (b.x - a.x) * f, y: a.y + (b.y - a.y) * f };
}

/** Fire once at `target` claiming `viewTick` (a raw 24-bit view when `rawView` is given). */
function fire(d: Duel, target: Point, viewTick: number, rawView?: number): void {
  const r = tapOf(d.shooter).receiver;
  const aim = Math.atan2(target.y - SHOOTER_AT.y, target.x - SHOOTER_AT.x);
  const view = rawView ?? narrowViewTick(viewTick);
  d.shooter.emit(
    'input',
    encodeInput({ seq: 1, mx: 0, my: 0, aim, fire: true, ack: narrowAck(r.ackTick), resync: false, view }),
  );
}

/** The shooter's shot as its snapshots report it, and the tick the server judged it at (from the ring). */
async function shotOf(d: Duel): Promise<{ shot: Shot; tick: number }> {
  const isShot = (e: SimEvent): e is Shot => e.type === 'shot' && e.shooter === d.shooterId;
  const snap = await waitForTick(d.shooter, (s) => s.events.some(isShot));
  const shot = snap.events.find(isShot)!;
  for (let t = d.room.frames.oldestTick; t <= snap.t; t++) {
    if (d.room.frames.at(t)?.state.events.some(isShot)) return { shot, tick: t };
  }
  throw new Error('shot not in the ring');
}

/** A room with a shooter and a runner; resolves when the runner is about level with the shooter. */
async function duel(on: FastifyInstance, at: string, clients: TestClient[]): Promise<Duel> {
  const shooter = await connect(at);
  const runner = await connect(at);
  clients.push(shooter, runner);
  const created = await request<JoinedRoom>(shooter, 'room:create', { ...validCreate, tickRate: RATE });
  if (!created.ok) throw new Error(created.error.message);
  const joined = await request<JoinedRoom>(runner, 'room:join', {
    code: created.data.room.code,
    name: 'Run',
  });
  if (!joined.ok) throw new Error(joined.error.message);
  const room = on.rooms.get(created.data.room.code)!;
  const shooterId = created.data.playerId;
  const runnerId = joined.data.playerId;
  await waitForTick(shooter, (s) => s.players.some((p) => p.id === runnerId));
  teleport(room, shooterId, SHOOTER_AT);
  teleport(room, runnerId, RUNNER_FROM);
  const placedAt = room.tick;

  let seq = 0;
  const stopRunning = onSnapshot(runner, () =>
    sendInput(runner, { seq: ++seq, mx: 0, my: 1, aim: 0, fire: false }),
  );
  const seen = new Map<number, Point>();
  const stopSeeing = onSnapshot(shooter, (s) => {
    const p = s.players.find((q) => q.id === runnerId);
    if (p && s.t > placedAt) seen.set(s.t, { x: p.x, y: p.y });
  });
  const now = await waitForTick(shooter, (s) => (seen.get(s.t)?.y ?? 0) >= FIRE_FROM_Y);
  return {
    room,
    shooter,
    shooterId,
    runnerId,
    seen,
    now,
    stop: () => {
      stopRunning();
      stopSeeing();
    },
  };
}

describe('lag compensation over real sockets (MAX_REWIND_MS 250, the default)', () => {
  let app: FastifyInstance;
  let url: string;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    ({ app, url } = await startServer());
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await app?.close();
  });

  it('hits a target running at full speed where the shooter saw it 150 ms ago', async () => {
    const d = await duel(app, url, clients);
    // The input is applied on the next tick: the shooter claims the world of 150 ms before it.
    const view = d.now.t + 1 - 150 / TICK_MS;
    const target = seenAt(d, view);
    fire(d, target, view);
    const { shot, tick } = await shotOf(d);
    d.stop();
    expect(shot.hit).toBe(d.runnerId);
    // Judged within the bound: at the view tick the shooter claimed (one tick of scheduling slack).
    expect(tick - view).toBeGreaterThanOrEqual(150 / TICK_MS);
    expect(tick - view).toBeLessThanOrEqual(250 / TICK_MS);
    // The runner had moved on by more than its radius: against the present, the shot would have missed.
    expect(offBeam(shot, ringAt(d.room, d.runnerId, tick))).toBeGreaterThan(Sim.PLAYER_RADIUS);
    expect(offBeam(shot, target)).toBeLessThan(Sim.PLAYER_RADIUS);
  });

  it('judges a view 400 ms old at the 250 ms bound', async () => {
    const before = await metric(app, 'tick_arena_lag_compensation_clamped_total', 'direction="past"');
    const d = await duel(app, url, clients);
    const judgedAt = d.now.t + 1;
    const view = judgedAt - 400 / TICK_MS;
    // Aimed where the runner was at the bound, 250 ms before the tick that judges the shot.
    const atBound = seenAt(d, judgedAt - 250 / TICK_MS);
    fire(d, atBound, view);
    const { shot, tick } = await shotOf(d);
    d.stop();
    expect(shot.hit).toBe(d.runnerId);
    // Where the shooter claimed to look, the runner was 39 units further back: rewound that far, a miss.
    expect(offBeam(shot, ringAt(d.room, d.runnerId, view))).toBeGreaterThan(Sim.PLAYER_RADIUS);
    expect(offBeam(shot, ringAt(d.room, d.runnerId, tick - 250 / TICK_MS))).toBeLessThan(Sim.PLAYER_RADIUS);
    expect(await metric(app, 'tick_arena_lag_compensation_clamped_total', 'direction="past"')).toBe(
      before + 1,
    );
  });

  it('clamps a shot claiming a future tick to the present', async () => {
    const before = await metric(app, 'tick_arena_lag_compensation_clamped_total', 'direction="future"');
    const d = await duel(app, url, clients);
    // Where the runner stands once the next tick has moved it: the present of the tick judging the shot.
    const last = seenAt(d, d.now.t);
    const present = { x: last.x, y: last.y + (last.y - seenAt(d, d.now.t - 1).y) };
    fire(d, present, d.now.t + 1 + RATE);
    const { shot, tick } = await shotOf(d);
    d.stop();
    expect(shot.hit).toBe(d.runnerId);
    expect(offBeam(shot, ringAt(d.room, d.runnerId, tick))).toBeLessThan(Sim.PLAYER_RADIUS);
    // Had the claim been read as a tick in the past (the way an ack is widened), it would have missed.
    expect(offBeam(shot, ringAt(d.room, d.runnerId, tick - 250 / TICK_MS))).toBeGreaterThan(
      Sim.PLAYER_RADIUS,
    );
    expect(await metric(app, 'tick_arena_lag_compensation_clamped_total', 'direction="future"')).toBe(
      before + 1,
    );
  });

  it('answers a view without its flag with a coded error, and judges any 24-bit view within the bound', async () => {
    const d = await duel(app, url, clients);
    const bytes = encodeInput({ seq: 1, mx: 0, my: 0, aim: 0, fire: true, ack: -1, resync: false, view: -1 });
    bytes[12] = 0x34; // view bytes set, has-view flag clear
    const err = new Promise<WireError>((resolve) => d.shooter.once('server:error', resolve));
    d.shooter.emit('input', bytes);
    expect((await err).code).toBe(ErrorCode.BAD_PAYLOAD);

    const judged = await metric(app, 'tick_arena_lag_compensation_rewind_seconds_count');
    fire(d, SHOOTER_AT, 0, 0xffffff);
    const { tick } = await shotOf(d);
    d.stop();
    expect(await metric(app, 'tick_arena_lag_compensation_rewind_seconds_count')).toBe(judged + 1);
    expect(d.room.isClosed).toBe(false);
    expect(tick).toBeGreaterThan(d.now.t);
  });
});

describe('lag compensation switched off (MAX_REWIND_MS=0)', () => {
  let app: FastifyInstance;
  let url: string;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    ({ app, url } = await startServer({ MAX_REWIND_MS: '0' }));
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await app?.close();
  });

  it('judges the shot of 150 ms ago against the present: a miss', async () => {
    const d = await duel(app, url, clients);
    const view = d.now.t + 1 - 150 / TICK_MS;
    fire(d, seenAt(d, view), view);
    const { shot } = await shotOf(d);
    d.stop();
    expect(shot.hit).toBe(-1);
    expect(await metric(app, 'tick_arena_lag_compensation_rewind_seconds_count')).toBe(0);
  });
});
