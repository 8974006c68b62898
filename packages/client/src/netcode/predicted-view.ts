import {
  RenderClock,
  SnapshotBuffer,
  Sim,
  sampleAt,
  traceShot,
  type ArenaMap,
  type PlayerId,
  type PlayerState,
  type SimEvent,
  type SimInput,
} from '@tick-arena/common';
import type { Snapshot } from '../net/snapshot-stream.js';
import { EventSchedule } from './event-schedule.js';
import { Prediction, type Correction } from './prediction.js';
import type { RenderFrame, RenderPlayer, WorldView } from './world-view.js';

export interface PredictedViewOptions {
  /** The local player, or -1 for a spectator (nothing predicted, everyone interpolated). */
  readonly selfId: PlayerId;
  /** The room's tick rate: one input per tick, each moving the player by `1 / tickRate` s. */
  readonly tickRate: number;
  readonly map: ArenaMap;
  /** The clock `localInput` is stamped with; must be the one `ingest` and `frame` times come from. @default performance.now */
  readonly clock?: () => number;
  /** Told of every reconciliation (including those that found the prediction right), for measurements. */
  readonly onCorrection?: (correction: Correction) => void;
}

/** Read-only figures for a net graph. */
export interface PredictedViewStats {
  /** Current render delay of other players behind the freshest server time, ms. */
  readonly delay: number;
  /** Snapshots buffered ahead of the render time at the last frame. */
  readonly bufferDepth: number;
  /** Frames drawn past the newest snapshot (the buffer ran dry), extrapolated or held. */
  readonly underruns: number;
  /** Of those, frames where motion was continued rather than held. */
  readonly extrapolatedFrames: number;
  /** Snapshots whose authoritative state disagreed with the prediction. */
  readonly corrections: number;
  /** Size of the newest such disagreement, world units. */
  readonly lastCorrection: number;
}

/**
 * The `WorldView` of a real game: the local player is predicted (drawn in the present, moved by its own
 * inputs at once), everyone else is interpolated between snapshots a little in the past (drawn where the
 * server had them, smoothly, whatever the network does). See `Prediction`, `RenderClock` and `sampleAt`.
 */
export class PredictedView implements WorldView {
  private readonly selfId: PlayerId;
  private readonly buffer: SnapshotBuffer<Snapshot>;
  private readonly clock: RenderClock;
  private readonly prediction: Prediction;
  private readonly events: EventSchedule;
  private readonly now: () => number;
  private readonly onCorrection: ((correction: Correction) => void) | undefined;
  private readonly map: ArenaMap;
  /** Commands between two shots the server allows: its cooldown in ticks, one command per tick. */
  private readonly cooldownCommands: number;
  private lastShotSeq = Number.NEGATIVE_INFINITY;
  private underruns = 0;
  private extrapolatedFrames = 0;
  private corrections = 0;
  private lastCorrection = 0;
  private bufferDepth = 0;

  constructor(options: PredictedViewOptions) {
    this.selfId = options.selfId;
    // One second of snapshots at any tick rate: more than the largest render delay (500 ms).
    this.buffer = new SnapshotBuffer(Math.max(32, Math.ceil(options.tickRate)));
    this.clock = new RenderClock(options.tickRate);
    this.prediction = new Prediction(options.map, options.tickRate);
    this.events = new EventSchedule(options.selfId);
    this.now = options.clock ?? (() => performance.now());
    this.onCorrection = options.onCorrection;
    this.map = options.map;
    // The server counts the cooldown down once per tick and fires when it reaches 0: 0.35 s is 10.5 ticks
    // at 30 Hz, so the 11th tick after a shot (the epsilon keeps 21.0 ticks at 60 Hz from rounding to 22).
    this.cooldownCommands = Math.ceil(Sim.LASER_COOLDOWN * options.tickRate - 1e-9);
  }

  ingest(snapshot: Snapshot, receivedAt: number): void {
    if (!this.buffer.push(snapshot, receivedAt)) return;
    this.clock.observe(snapshot.serverTime, receivedAt);
    this.events.add(snapshot.serverTime, snapshot.events, receivedAt);
    if (this.selfId < 0) return;
    const me = snapshot.players.find((p) => p.id === this.selfId);
    if (!me) return;
    const c = this.prediction.reconcile(me, snapshot.lastSeq, receivedAt);
    this.onCorrection?.(c);
    if (c.distance > 0) {
      this.corrections += 1;
      this.lastCorrection = c.distance;
    }
  }

  localInput(cmd: SimInput): void {
    if (this.selfId < 0) return;
    const at = this.now();
    this.prediction.input(cmd, at);
    if (cmd.fire) this.predictShot(cmd, at);
  }

  /**
   * Show the local player's shot at the trigger pull, as the server will judge it: from the predicted
   * position after this input, along its aim, stopped by the walls and by the other players where they are
   * drawn now (what lag compensation rewinds them to). The laser's cooldown is counted in commands, as the
   * server counts it in ticks; a pull it would refuse shows nothing.
   */
  private predictShot(cmd: SimInput, at: number): void {
    const me = this.prediction.state;
    if (!me?.alive || cmd.seq - this.lastShotSeq < this.cooldownCommands) return;
    this.lastShotSeq = cmd.seq;
    const renderTime = this.clock.renderTime(at);
    const drawn = Number.isNaN(renderTime) ? null : sampleAt(this.buffer.entries(), renderTime);
    const targets = (drawn?.players ?? []).filter((p) => p.alive && p.id !== this.selfId);
    const shot = traceShot(this.map, this.selfId, me.x, me.y, me.aim, targets);
    this.events.predicted(
      {
        type: 'shot',
        shooter: this.selfId,
        x1: me.x,
        y1: me.y,
        x2: Math.round(shot.x2),
        y2: Math.round(shot.y2),
        hit: shot.hit,
      },
      at,
    );
  }

  frame(now: number): RenderFrame | null {
    const newest = this.buffer.latest()?.snapshot;
    if (!newest) return null;
    const renderTime = this.clock.renderTime(now);
    const entries = this.buffer.entries();
    const sample = sampleAt(entries, renderTime);
    if (sample?.kind === 'extrapolated' || sample?.kind === 'held') this.underruns += 1;
    if (sample?.kind === 'extrapolated') this.extrapolatedFrames += 1;
    this.bufferDepth = entries.filter((e) => e.snapshot.serverTime > renderTime).length;
    const players: RenderPlayer[] = (sample?.players ?? []).filter((p) => p.id !== this.selfId);
    const self = this.drawSelf(newest, now);
    if (self) {
      players.push(self);
      players.sort((a, b) => a.id - b.id);
    }
    return { tick: newest.tick, players, round: newest.round };
  }

  drainEvents(now: number): readonly SimEvent[] {
    return this.events.drain(this.clock.renderTime(now));
  }

  /** The local player as predicted after the newest input (not smoothed), or null (spectator, no snapshot yet). */
  predictedSelf(): PlayerState | null {
    return this.selfId < 0 ? null : this.prediction.state;
  }

  latest(): Snapshot | null {
    return this.buffer.latest()?.snapshot ?? null;
  }

  /**
   * The server tick (fractional) of the other players drawn at `now`, or null before the first snapshot.
   * Every input carries it so that the server's lag compensation judges a shot against the world the
   * shooter was looking at (`SimInput.viewTick`). Same render time and pairing as `frame`, so it names the
   * tick of exactly what is on screen.
   */
  viewTick(now: number): number | null {
    const renderTime = this.clock.renderTime(now);
    if (Number.isNaN(renderTime)) return null;
    return sampleAt(this.buffer.entries(), renderTime)?.viewTick ?? null;
  }

  reset(): void {
    this.buffer.clear();
    this.clock.reset();
    this.prediction.reset();
    this.events.clear();
    this.lastShotSeq = Number.NEGATIVE_INFINITY;
    this.underruns = 0;
    this.extrapolatedFrames = 0;
    this.corrections = 0;
    this.lastCorrection = 0;
    this.bufferDepth = 0;
  }

  stats(): PredictedViewStats {
    return {
      delay: this.clock.delay,
      bufferDepth: this.bufferDepth,
      underruns: this.underruns,
      extrapolatedFrames: this.extrapolatedFrames,
      corrections: this.corrections,
      lastCorrection: this.lastCorrection,
    };
  }

  /** The local player from the prediction, with health and protection from the newest snapshot. */
  private drawSelf(newest: Snapshot, now: number): RenderPlayer | null {
    if (this.selfId < 0) return null;
    const server = newest.players.find((p) => p.id === this.selfId);
    const drawn = this.prediction.drawnAt(now);
    if (!server || !drawn) return null;
    return { ...server, x: drawn.x, y: drawn.y, aim: drawn.aim, alive: server.alive };
  }
}
