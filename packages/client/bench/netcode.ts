/**
 * `pnpm bench:netcode`: what players feel through the netcode at a given ping. Headless clients run the
 * game's own client netcode (`SnapshotStream` decoding, `PredictedView` prediction + interpolation, one input
 * per tick) against a real server in its own process, each through common's network simulator. They play in
 * pairs, each pair in its own room: one player ("runner") circles the other at full speed; the other
 * ("shooter") mostly stands and fires at the runner whenever its own screen shows the beam hitting.
 *
 * Per case it prints: prediction error p50/p99 (px, the shooter's own player, each snapshot), corrections per
 * minute, the interpolation delay (median), underrun and extrapolated % of frames, and hit registration: of
 * the shots that hit on the shooter's screen, the % the server counted as hits.
 *
 *   pnpm bench:netcode [--rtt 50,150,300] [--jitter 0,20] [--loss 0,2,5] [--duration 20] [--warmup 3]
 *                      [--tick-rate 30] [--fps 60] [--pairs 4] [--max-rewind MS] [--json FILE] [--help]
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import * as hdr from 'hdr-histogram-js';
import {
  PROTOCOL_VERSION,
  median,
  seededRandom,
  SnapshotReceiver,
  type SimEvent,
  TimedLink,
  linksOf,
  type NetsimTimers,
  Sim,
  binaryParser,
  mapById,
  movePlayer,
  quantizeAim,
  quantizeAxis,
  traceShot,
  type ArenaMap,
  type ClientToServerEvents,
  type JoinedRoom,
  type PlayerId,
  type ServerToClientEvents,
} from '@tick-arena/common';
import { io, type Socket } from 'socket.io-client';
import type { GameSocket } from '../src/net/connection.js';
import { inputPacket } from '../src/net/messages.js';
import { SnapshotStream, type Snapshot } from '../src/net/snapshot-stream.js';
import { FixedInterval } from '../src/netcode/fixed-interval.js';
import { InputSampler, type InputIntent } from '../src/netcode/input-sampler.js';
import { PredictedView } from '../src/netcode/predicted-view.js';
import type { Correction } from '../src/netcode/prediction.js';
import { startServer } from './server-process.js';

const USAGE = `usage: pnpm bench:netcode [--rtt 50,150,300] [--jitter 0,20] [--loss 0,2,5] [--duration 20] [--warmup 3]
                          [--tick-rate 30] [--fps 60] [--pairs 4] [--max-rewind MS] [--json FILE] [--help]

--pairs pairs of headless clients (the game's own prediction and interpolation), each pair in its own room,
against a real server, each client behind a simulated path of --rtt ms round trip (half each way),
± --jitter ms per packet (order kept, as on TCP) and --loss % of state ticks lost. In each pair one circles
the other at full speed, and the other fires at it whenever its own screen shows a hit. Each case runs --warmup s, then measures for --duration s. Figures per case:
prediction error p50/p99 (px), corrections per minute, interpolation delay, underrun and extrapolated %
of frames, hit registration (% of on-screen hits the server counted), the mean rewind the server applied
and the % of shots clamped to MAX_REWIND_MS (--max-rewind sets it on the server; default: the server's).
`;

const OPTIONS = {
  rtt: { type: 'string', default: '50,150,300' },
  jitter: { type: 'string', default: '0,20' },
  loss: { type: 'string', default: '0,2,5' },
  duration: { type: 'string', default: '20' },
  warmup: { type: 'string', default: '3' },
  'tick-rate': { type: 'string', default: '30' },
  fps: { type: 'string', default: '60' },
  pairs: { type: 'string', default: '4' },
  'max-rewind': { type: 'string' },
  json: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

interface Case {
  readonly rtt: number;
  readonly jitter: number;
  readonly loss: number;
}

export interface CaseResult extends Case {
  readonly predictionErrorP50: number;
  readonly predictionErrorP99: number;
  readonly correctionsPerMinute: number;
  readonly interpolationDelayMs: number;
  readonly underrunPct: number;
  readonly extrapolatedPct: number;
  readonly shotsOnScreen: number;
  /** Shots the server judged (a shot refused by the cooldown is missing here). */
  readonly serverShots: number;
  readonly shotsRegistered: number;
  readonly hitRegistrationPct: number;
  readonly snapshots: number;
  readonly frames: number;
  /** Mean rewind the server applied to this case's shots, ms (from its lag compensation histogram). */
  readonly rewindMeanMs: number;
  /** Shots whose view was older than MAX_REWIND_MS and judged at the bound, %. */
  readonly clampedPct: number;
}

/** The server's lag compensation figures, cumulative (from `/metrics`). */
interface RewindTotals {
  count: number;
  sumSeconds: number;
  clampedPast: number;
}

async function rewindTotals(url: string): Promise<RewindTotals> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const value = (re: RegExp) => Number(re.exec(text)?.[1] ?? 0);
  return {
    count: value(/^tick_arena_lag_compensation_rewind_seconds_count(?:\{[^}]*\})? (\S+)$/m),
    sumSeconds: value(/^tick_arena_lag_compensation_rewind_seconds_sum(?:\{[^}]*\})? (\S+)$/m),
    clampedPast: value(/^tick_arena_lag_compensation_clamped_total\{[^}]*direction="past"[^}]*\} (\S+)$/m),
  };
}

/** Node's clock and timers for the network simulator. */
const TIMERS: NetsimTimers = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** One direction of a player's path: common's network simulator, delivering deferred calls. */
type Path = TimedLink<() => void>;

/** Prediction errors are recorded in 1/100 px so the histogram keeps sub-pixel precision. */
const ERROR_SCALE = 100;
/** Spawn-to-spawn jumps are respawns, not prediction errors (the view snaps them; so does this count). */
const RESPAWN_JUMP = 48;
/** The shooter closes in on the runner beyond this distance (the laser reaches 1100). */
const CLOSE_IN = 700;
/** The runner circles the shooter between these distances. */
const RUN_NEAR = 300;
const RUN_FAR = 550;

function numberList(flag: string, raw: string): number[] {
  const out = raw.split(',').map((s) => Number(s.trim()));
  if (out.length === 0 || out.some((n) => !Number.isFinite(n) || n < 0)) {
    throw new Error(`--${flag} wants comma-separated non-negative numbers, got "${raw}"`);
  }
  return out;
}

function positive(flag: string, raw: string): number {
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${flag} wants a positive number, got "${raw}"`);
  return n;
}

type BenchSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

function connect(url: string): Promise<BenchSocket> {
  const socket: BenchSocket = io(url, {
    auth: { protocol: PROTOCOL_VERSION },
    parser: binaryParser,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

function ackOf<T>(
  emit: (cb: (r: { ok: true; data: T } | { ok: false; error: { message: string } }) => void) => void,
): Promise<T> {
  return new Promise((resolve, reject) =>
    emit((r) => (r.ok ? resolve(r.data) : reject(new Error(r.error.message)))),
  );
}

/**
 * One headless player: the browser client's netcode without the canvas. Inputs go out once per tick through
 * the uplink, snapshots come in through the downlink, and `frame()` runs once per display frame.
 */
class HeadlessPlayer {
  readonly view: PredictedView;
  readonly stream: SnapshotStream;
  readonly sampler: InputSampler;
  readonly snapshots: Snapshot[] = [];
  /** Inputs with `fire` set that were sent. */
  readonly fired: number[] = [];
  /**
   * Every event the server sent this player, decoded from the socket before the simulated path (a referee
   * decoder that sees every snapshot, so it holds every baseline the deltas refer to).
   */
  readonly serverEvents: SimEvent[] = [];
  private readonly referee = new SnapshotReceiver();
  private readonly inputTimer: FixedInterval;

  constructor(
    readonly socket: BenchSocket,
    readonly joined: JoinedRoom,
    readonly map: ArenaMap,
    links: { up: Path; down: Path },
    /** What the player wants at the moment an input is sampled (once per tick). */
    decide: (player: HeadlessPlayer) => InputIntent,
    onCorrection: (c: Correction) => void = () => {},
  ) {
    const tickRate = joined.room.tickRate;
    this.view = new PredictedView({ selfId: joined.playerId, tickRate, map, onCorrection });
    // The stream listens for `tick` frames on what it is given: hand it the socket seen through the downlink.
    socket.on('tick', (bytes: Uint8Array) => {
      const r = this.referee.receive(bytes);
      if (r.ok) this.serverEvents.push(...r.value.snapshot.events);
    });
    const delayed = {
      on: (event: 'tick', fn: (bytes: Uint8Array) => void) =>
        socket.on(event, (bytes: Uint8Array) =>
          links.down.send(() => fn(bytes), bytes.byteLength, { droppable: true }),
        ),
    } as unknown as GameSocket;
    this.stream = new SnapshotStream(delayed);
    this.stream.attach(tickRate, (s) => {
      this.view.ingest(s, performance.now());
      this.snapshots.push(s);
    });
    this.sampler = new InputSampler({ read: () => decide(this) });
    this.inputTimer = new FixedInterval(tickRate, () => {
      const cmd = this.sampler.next();
      this.view.localInput(cmd);
      if (cmd.fire) this.fired.push(cmd.seq);
      // The packet is what the client knew when it sent it; the link only delays it. Inputs are never
      // lost (TCP), only late.
      const bytes = inputPacket(cmd, this.stream, this.view.viewTick(performance.now()));
      links.up.send(() => {
        if (socket.connected) socket.emit('input', bytes);
      }, bytes.byteLength);
    });
  }

  get id(): PlayerId {
    return this.joined.playerId;
  }

  /** Newest input sequence number the server has applied, per the newest snapshot. */
  get ackedSeq(): number {
    return this.view.latest()?.lastSeq ?? -1;
  }

  start(): void {
    this.inputTimer.start();
  }

  stop(): void {
    this.inputTimer.stop();
    this.stream.detach();
    this.socket.disconnect();
  }
}

function histogram(): hdr.Histogram {
  return hdr.build({ lowestDiscernibleValue: 1, numberOfSignificantValueDigits: 3, autoResize: true });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface BenchOptions {
  readonly duration: number;
  readonly warmup: number;
  readonly tickRate: number;
  readonly fps: number;
  readonly pairs: number;
}

/** What one shooter/runner pair measured (summed over the pairs of a case). */
interface PairFigures {
  corrections: number;
  frames: number;
  delays: number[];
  underruns: number;
  extrapolated: number;
  shotsOnScreen: number;
  serverShots: number;
  registered: number;
  snapshots: number;
}

/** One case: `pairs` shooter/runner pairs at once, each in its own room, figures pooled. */
async function runCase(url: string, c: Case, opts: BenchOptions, seed: number): Promise<CaseResult> {
  const errors = histogram();
  const rewindBefore = await rewindTotals(url);
  const pairs = await Promise.all(
    Array.from({ length: opts.pairs }, (_, i) => runPair(url, c, opts, seed + 100 * i, errors)),
  );
  const rewindAfter = await rewindTotals(url);
  const sum = (f: (p: PairFigures) => number) => pairs.reduce((n, p) => n + f(p), 0);
  const frames = sum((p) => p.frames);
  const shotsOnScreen = sum((p) => p.shotsOnScreen);
  const registered = sum((p) => p.registered);
  const delays = pairs.flatMap((p) => p.delays);
  const judged = rewindAfter.count - rewindBefore.count;
  return {
    ...c,
    predictionErrorP50: errors.getValueAtPercentile(50) / ERROR_SCALE,
    predictionErrorP99: errors.getValueAtPercentile(99) / ERROR_SCALE,
    correctionsPerMinute: (sum((p) => p.corrections) / (opts.duration * opts.pairs)) * 60,
    interpolationDelayMs: median(delays),
    underrunPct: frames > 0 ? (100 * sum((p) => p.underruns)) / frames : 0,
    extrapolatedPct: frames > 0 ? (100 * sum((p) => p.extrapolated)) / frames : 0,
    shotsOnScreen,
    serverShots: sum((p) => p.serverShots),
    shotsRegistered: registered,
    hitRegistrationPct: shotsOnScreen > 0 ? (100 * registered) / shotsOnScreen : 0,
    snapshots: sum((p) => p.snapshots),
    frames,
    rewindMeanMs: judged > 0 ? ((rewindAfter.sumSeconds - rewindBefore.sumSeconds) * 1000) / judged : 0,
    clampedPct: judged > 0 ? (100 * (rewindAfter.clampedPast - rewindBefore.clampedPast)) / judged : 0,
  };
}

async function runPair(
  url: string,
  c: Case,
  opts: BenchOptions,
  seed: number,
  errors: hdr.Histogram,
): Promise<PairFigures> {
  const conditions = linksOf({ rttMs: c.rtt, jitterMs: c.jitter, lossPercent: c.loss });
  const deliver = (fn: () => void) => fn();
  const links = (n: number) => ({
    up: new TimedLink(conditions.up, seed + n, deliver, TIMERS),
    down: new TimedLink(conditions.down, seed + n + 1, deliver, TIMERS),
  });
  const [sockA, sockB] = await Promise.all([connect(url), connect(url)]);
  const created = await ackOf<JoinedRoom>((cb) =>
    sockA.emit(
      'room:create',
      {
        name: 'shooter',
        public: false,
        maxPlayers: 2,
        tickRate: opts.tickRate,
        bots: 0,
        killLimit: 0,
        roundSeconds: 0,
      },
      cb,
    ),
  );
  const joined = await ackOf<JoinedRoom>((cb) =>
    sockB.emit('room:join', { code: created.room.code, name: 'runner' }, cb),
  );
  const map = mapById(created.room.mapId);
  const dt = 1 / opts.tickRate;

  let measuring = false;
  let firing = false;
  let corrections = 0;
  let frames = 0;

  const random = seededRandom(seed);
  // The runner circles the shooter at full speed (the hard case for hit registration: the target crosses the
  // line of fire), reversing every 1-2 s or when a wall stops it, closing in or backing off to stay in range.
  let dir = 1;
  let lastPos = { x: Number.NaN, y: Number.NaN };
  let legEnds = 0;
  const runner: HeadlessPlayer = new HeadlessPlayer(sockB, joined, map, links(2), (me) => {
    const now = performance.now();
    const self = me.view.predictedSelf();
    const other = me.view.frame(now)?.players.find((p) => p.id === created.playerId);
    if (!self || !other) return { mx: 0, my: 0, aim: 0, fire: false };
    const stuck = Math.hypot(self.x - lastPos.x, self.y - lastPos.y) < 0.5;
    lastPos = { x: self.x, y: self.y };
    if (now > legEnds || stuck) {
      dir = -dir;
      legEnds = now + 1000 + 1000 * random();
    }
    const dx = self.x - other.x;
    const dy = self.y - other.y;
    const d = Math.hypot(dx, dy) || 1;
    const radial = d > RUN_FAR ? -0.5 : d < RUN_NEAR ? 0.5 : 0;
    return {
      mx: (-dy / d) * dir + (dx / d) * radial,
      my: (dx / d) * dir + (dy / d) * radial,
      aim: 0,
      fire: false,
    };
  });

  // The shooter mostly stands (a short random step now and then), aims at the runner where its own screen
  // draws it, and fires when the beam, traced from where this very input will put the shooter, hits it there.
  let wanderUntil = 0;
  let wander = { mx: 0, my: 0 };
  let lastFireSeq = -1_000_000;
  const cooldownTicks = Math.ceil(Sim.LASER_COOLDOWN * opts.tickRate) + 1;
  let aim = 0;
  const shooter: HeadlessPlayer = new HeadlessPlayer(
    sockA,
    created,
    map,
    links(0),
    (me) => {
      const now = performance.now();
      if (now > wanderUntil) {
        const a = random() * 2 * Math.PI;
        wander = random() < 0.3 ? { mx: Math.cos(a), my: Math.sin(a) } : { mx: 0, my: 0 };
        wanderUntil = now + 300 + random() * 700;
      }
      const self = me.view.predictedSelf();
      const drawn = me.view.frame(now);
      if (measuring) frames += 1;
      const target = drawn?.players.find((p) => p.id === joined.playerId);
      if (!self || !target || !self.alive || !target.alive) return { ...wander, aim, fire: false };
      // Out of laser range: walk towards the runner instead of wandering.
      const far = Math.hypot(target.x - self.x, target.y - self.y) > CLOSE_IN;
      if (far) wander = { mx: Math.sign(target.x - self.x) * 0.7, my: Math.sign(target.y - self.y) * 0.7 };
      const seq = me.sampler.nextSeq;
      const cmd = { seq, mx: quantizeAxis(wander.mx), my: quantizeAxis(wander.my), aim: 0, fire: false };
      const from = movePlayer(self, cmd, dt, map);
      aim = quantizeAim(Math.atan2(target.y - from.y, target.x - from.x));
      const shot = traceShot(map, me.id, from.x, from.y, aim, [target]);
      const fire = firing && shot.hit === target.id && seq - lastFireSeq >= cooldownTicks;
      if (fire) lastFireSeq = seq;
      return { ...wander, aim, fire };
    },
    (corr) => {
      if (!measuring || corr.distance >= RESPAWN_JUMP) return;
      errors.recordValue(Math.round(corr.distance * ERROR_SCALE));
      if (corr.distance > 0) corrections += 1;
    },
  );

  // Display frames between inputs: what the screen shows, counted for the underrun and extrapolation shares.
  const frameTimer = new FixedInterval(opts.fps, () => {
    const now = performance.now();
    shooter.view.frame(now);
    runner.view.frame(now);
    if (!measuring) return;
    frames += 1;
    delays.push(shooter.view.stats().delay);
  });
  const delays: number[] = [];

  shooter.start();
  runner.start();
  frameTimer.start();
  await sleep(opts.warmup * 1000);
  const s0 = shooter.view.stats();
  measuring = true;
  firing = true;
  await sleep(opts.duration * 1000);
  measuring = false;
  firing = false;
  const s1 = shooter.view.stats();
  // Wait until the server has applied every shot fired and its snapshot has come back.
  const lastFired = shooter.fired[shooter.fired.length - 1] ?? -1;
  const deadline = performance.now() + 5000 + 4 * c.rtt;
  while (shooter.ackedSeq < lastFired + 2 && performance.now() < deadline) await sleep(20);
  frameTimer.stop();
  shooter.stop();
  runner.stop();

  // The server's verdict on each shot: the shooter's shot events as the server sent them (the referee's
  // copy, before the simulated loss: a snapshot lost on the way takes its events with it). Each snapshot
  // carries the events of the ticks since the previous one sent, so none is counted twice.
  let serverShots = 0;
  let registered = 0;
  for (const e of shooter.serverEvents) {
    if (e.type !== 'shot' || e.shooter !== shooter.id) continue;
    serverShots += 1;
    if (e.hit === runner.id) registered += 1;
  }
  return {
    corrections,
    frames,
    delays,
    underruns: s1.underruns - s0.underruns,
    extrapolated: s1.extrapolatedFrames - s0.extrapolatedFrames,
    shotsOnScreen: shooter.fired.length,
    serverShots,
    registered,
    snapshots: shooter.snapshots.length,
  };
}

function fmt(n: number, digits = 1): string {
  return n.toFixed(digits);
}

function table(results: readonly CaseResult[]): string {
  const head = [
    'RTT ms',
    'jitter ms',
    'loss %',
    'pred err p50 px',
    'p99 px',
    'corr/min',
    'interp delay ms',
    'underrun %',
    'extrap %',
    'shots',
    'hit reg %',
    'rewind ms',
    'clamped %',
  ];
  const rows = results.map((r) => [
    String(r.rtt),
    String(r.jitter),
    String(r.loss),
    fmt(r.predictionErrorP50, 2),
    fmt(r.predictionErrorP99, 2),
    fmt(r.correctionsPerMinute),
    fmt(r.interpolationDelayMs, 0),
    fmt(r.underrunPct, 2),
    fmt(r.extrapolatedPct, 2),
    String(r.shotsOnScreen),
    fmt(r.hitRegistrationPct),
    fmt(r.rewindMeanMs, 0),
    fmt(r.clampedPct),
  ]);
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: OPTIONS, allowPositionals: false });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const rtts = numberList('rtt', values.rtt);
  const jitters = numberList('jitter', values.jitter);
  const losses = numberList('loss', values.loss);
  if (losses.some((l) => l > 100)) throw new Error('--loss is a percentage (0..100)');
  const opts = {
    duration: positive('duration', values.duration),
    warmup: positive('warmup', values.warmup),
    tickRate: positive('tick-rate', values['tick-rate']),
    fps: positive('fps', values.fps),
    pairs: Math.round(positive('pairs', values.pairs)),
  };
  const cases: Case[] = [];
  for (const rtt of rtts)
    for (const jitter of jitters) for (const loss of losses) cases.push({ rtt, jitter, loss });
  process.stderr.write(`bench:netcode: ${cases.length} cases × ${opts.warmup + opts.duration} s\n`);
  const serverEnv: Record<string, string> = { MAX_CONNECTIONS_PER_IP: '0' };
  if (values['max-rewind'] !== undefined) serverEnv.MAX_REWIND_MS = values['max-rewind'];
  const server = await startServer(serverEnv);
  const results: CaseResult[] = [];
  try {
    for (const [i, c] of cases.entries()) {
      process.stderr.write(
        `[${i + 1}/${cases.length}] RTT ${c.rtt} ms, jitter ${c.jitter} ms, loss ${c.loss} % ... `,
      );
      const r = await runCase(server.url, c, opts, 1000 + i * 10);
      results.push(r);
      process.stderr.write(
        `err p99 ${fmt(r.predictionErrorP99, 2)} px, underrun ${fmt(r.underrunPct, 2)} %, hit reg ${fmt(r.hitRegistrationPct)} % (${r.shotsOnScreen} shots)\n`,
      );
    }
  } finally {
    await server.stop();
  }
  process.stdout.write(`${table(results)}\n`);
  if (values.json) await writeFile(values.json, JSON.stringify({ options: opts, results }, null, 2));
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:netcode: ${(err as Error).message}\n`);
  process.exit(1);
});
