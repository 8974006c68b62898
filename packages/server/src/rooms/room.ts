import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import {
  CloseReason,
  ErrorCode,
  Limits,
  BotBrains,
  createGameState,
  mapById,
  type ArenaMap,
  type ChatMessage,
  type GameState,
  type PlayerId,
  type RoomInfo,
  type RosterEntry,
  type SimInput,
} from '@tick-arena/common';
import type { FastifyBaseLogger } from 'fastify';
import { FixedLoop, type TickPrecision } from '../loop/fixed-loop.js';
import type { Frame, FrameRing } from '../loop/frame-ring.js';
import { TickEngine } from '../loop/tick-engine.js';
import { GameError } from '../errors.js';
import { InputQueue } from './input-queue.js';
import { resumeTokenFor } from './room-code.js';
import type { RoomBroadcaster, RoomOptions, TickObserver } from './types.js';

interface Member {
  readonly id: PlayerId;
  readonly name: string;
  readonly bot: boolean;
  readonly resumeToken: string;
  readonly queue: InputQueue;
  socketId: string | null;
  /** While a disconnected player's seat is held: the tick at which it is given up; else -1. */
  heldUntilTick: number;
}

export interface RoomDeps {
  broadcaster: RoomBroadcaster;
  log: FastifyBaseLogger;
  /** Called once the room has no humans left (connected or held) or has been closed. */
  onEmpty: (room: Room) => void;
  /** Called when what the lobby shows of this room may have changed (seats, spectators). */
  onChange?: () => void;
  /** How long a dropped player's seat is held for `room:resume`, in ms. */
  graceMs: number;
  /** @default 'coarse' */
  tickPrecision?: TickPrecision;
  /** Lag compensation bound, ms (0 = off). @default DEFAULT_MAX_REWIND_MS */
  maxRewindMs?: number;
  observer?: TickObserver;
}

export interface Seat {
  playerId: PlayerId;
  resumeToken: string;
  /** On resume: the socket that held this seat until now, if it was still connected. */
  replacedSocketId?: string;
}

/** Scores go out on the reliable channel at most this often, seconds (coalescing a burst of kills). */
const SCORES_EVERY_SECONDS = 0.5;

/**
 * One game's membership: who holds which seat, their input queues, names and resume tokens, and the fixed
 * loop that drives the room's `TickEngine`. Socket handlers call the public methods, which validate
 * membership and queue an input or a command; the game state changes only inside the engine's tick, in
 * the order it defines. After each loop callback (which may have run several due ticks) the newest frame
 * goes to the transport once: a delta covers whatever the skipped ticks changed.
 */
export class Room {
  readonly info: Readonly<Omit<RoomInfo, 'players' | 'spectators' | 'bots'>>;
  readonly map: ArenaMap;
  private readonly engine: TickEngine;
  private readonly bots: BotBrains;
  private readonly members = new Map<PlayerId, Member>();
  private readonly spectators = new Set<string>();
  private readonly loop: FixedLoop;
  private readonly graceTicks: number;
  private readonly scoresEvery: number;
  private scoresDirty = true;
  private scoresSentTick = -Infinity;
  private publishedTick = 0;
  private nextId = 1;
  private closed = false;
  private readonly log: FastifyBaseLogger;

  constructor(
    code: string,
    readonly options: RoomOptions,
    private readonly deps: RoomDeps,
  ) {
    this.map = mapById(options.mapId);
    this.info = {
      code,
      public: options.public,
      maxPlayers: options.maxPlayers,
      tickRate: options.tickRate,
      snapshotEvery: options.snapshotEvery,
      botDifficulty: options.botDifficulty,
      mapId: this.map.id,
    };
    this.bots = new BotBrains({
      map: this.map,
      tickRate: options.tickRate,
      difficulty: options.botDifficulty,
    });
    this.log = deps.log.child({ room: code });
    this.graceTicks = Math.ceil((deps.graceMs / 1000) * options.tickRate);
    this.scoresEvery = Math.max(1, Math.round(SCORES_EVERY_SECONDS * options.tickRate));
    this.engine = new TickEngine({
      state: createGameState({
        seed: options.seed,
        killLimit: options.killLimit,
        roundSeconds: options.roundSeconds,
      }),
      tickRate: options.tickRate,
      map: this.map,
      // A frame's server time is when its tick was due, not when the timer got round to it: positions
      // advance by one tick's movement per period, and clients interpolate on these times, so a late
      // timer must not make a player look slow and then fast (it shows as transit jitter instead).
      clock: () => performance.timeOrigin + this.loop.dueTime,
      maxRewindMs: deps.maxRewindMs,
      onShot: deps.observer?.shot ? (j) => deps.observer?.shot?.(code, j) : undefined,
    });
    for (let i = 0; i < Math.min(options.bots, options.maxPlayers - 1); i++) {
      this.engine.queue({ kind: 'join', id: this.addMember(this.botName(), true, null).id });
    }
    this.loop = new FixedLoop({
      rate: options.tickRate,
      precision: deps.tickPrecision,
      onTick: () => this.runTick(),
      onBurstEnd: () => this.publish(),
      onSkip: (n) => {
        this.log.warn({ dropped: n }, 'tick loop fell behind; dropped ticks');
        this.deps.observer?.overrun?.(code, n);
      },
    });
  }

  get code(): string {
    return this.info.code;
  }

  get tick(): number {
    return this.engine.state.tick;
  }

  /** The newest simulated state (read-only: tests and the replicator). */
  get state(): GameState {
    return this.engine.state;
  }

  /** Recent frames: what snapshots are deltas against and what lag compensation rewinds through. */
  get frames(): FrameRing {
    return this.engine.ring;
  }

  get humanCount(): number {
    let n = 0;
    for (const m of this.members.values()) if (!m.bot) n += 1;
    return n;
  }

  get botCount(): number {
    return this.members.size - this.humanCount;
  }

  /** Seats a human could still take (bots give up their seat to a human). */
  get freeSeats(): number {
    return this.options.maxPlayers - this.humanCount;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  summary(): RoomInfo {
    return {
      ...this.info,
      bots: this.botCount,
      players: this.members.size,
      spectators: this.spectators.size,
    };
  }

  roster(): RosterEntry[] {
    return [...this.members.values()]
      .sort((a, b) => a.id - b.id)
      .map((m) => ({ id: m.id, name: m.name, bot: m.bot, connected: m.bot || m.socketId !== null }));
  }

  start(): void {
    this.loop.start();
    this.log.info({ options: this.options }, 'room started');
  }

  /**
   * Seat a human. Throws `GameError(ROOM_FULL)` when every seat is held by a human. The player enters the
   * game at the next tick (a `join` command, with a `bot-swap` first when a bot gives up its seat).
   */
  addHuman(name: string, socketId: string): Seat {
    if (this.freeSeats <= 0) throw new GameError(ErrorCode.ROOM_FULL, `room ${this.code} is full`);
    if (this.members.size >= this.options.maxPlayers) this.removeOneBot();
    const member = this.addMember(name, false, socketId);
    this.engine.queue({ kind: 'join', id: member.id });
    this.rosterChanged();
    // Sent before the newcomer's socket is in the room: the others read it, the newcomer has its own line.
    this.announce(`${name} joined`);
    return { playerId: member.id, resumeToken: member.resumeToken };
  }

  addSpectator(socketId: string): void {
    this.spectators.add(socketId);
    this.deps.onChange?.();
  }

  /**
   * A socket left. A player who left on purpose loses the seat at once (a `leave` command); one whose
   * connection dropped keeps it for the grace period, counted in ticks, so `resume` can hand it back.
   */
  removeSocket(socketId: string, hold: boolean): void {
    if (this.spectators.delete(socketId)) {
      this.deps.onChange?.();
      return;
    }
    const member = this.memberBySocket(socketId);
    if (!member) return;
    if (hold && this.graceTicks > 0) {
      member.socketId = null;
      member.queue.clear();
      member.heldUntilTick = this.tick + this.graceTicks;
      this.log.info({ playerId: member.id, graceMs: this.deps.graceMs }, 'player dropped; seat held');
      this.rosterChanged();
    } else {
      this.releaseSeat(member.id, 'leave');
    }
  }

  /** Give a held seat back to a reconnecting socket. */
  resume(token: string, socketId: string): Seat | null {
    for (const m of this.members.values()) {
      if (m.bot || m.resumeToken !== token) continue;
      m.heldUntilTick = -1;
      const previous = m.socketId;
      m.socketId = socketId;
      m.queue.reset();
      this.engine.queue({ kind: 'resume', id: m.id });
      this.log.info({ playerId: m.id, replaced: previous !== null }, 'player resumed');
      this.rosterChanged();
      const seat: Seat = { playerId: m.id, resumeToken: m.resumeToken };
      if (previous !== null && previous !== socketId) seat.replacedSocketId = previous;
      return seat;
    }
    return null;
  }

  hasResumeToken(token: string): boolean {
    for (const m of this.members.values()) if (!m.bot && m.resumeToken === token) return true;
    return false;
  }

  /** Queue a validated input for the player bound to this socket. Returns false when it was dropped. */
  enqueueInput(playerId: PlayerId, cmd: SimInput): boolean {
    const m = this.members.get(playerId);
    if (!m || m.bot) return false;
    return m.queue.push(cmd);
  }

  chat(playerId: PlayerId, text: string): void {
    const m = this.members.get(playerId);
    if (!m) return;
    const msg: ChatMessage = { from: m.id, name: m.name, text };
    this.deps.broadcaster.chat(this.code, msg);
  }

  /**
   * Remove a human for good (an admin kick). Its socket is told and detached first, so that if the room
   * closes because it was the last human, the player sees why it was removed rather than "everyone left";
   * then the seat is released at once, held or not, and its resume token with it: `room:resume` cannot
   * bring the player back (joining again by code can; a kick is not a ban). False when no human holds
   * `playerId`.
   */
  kick(playerId: PlayerId, message: string): boolean {
    const m = this.members.get(playerId);
    if (!m || m.bot) return false;
    if (m.socketId !== null) this.deps.broadcaster.kicked(this.code, m.socketId, message, CloseReason.KICKED);
    this.log.info({ playerId }, 'player kicked by an administrator');
    this.releaseSeat(playerId, 'leave');
    return true;
  }

  /** Stop the loop and tell members why. Idempotent. */
  close(message: string, reason: CloseReason = CloseReason.ROOM_CLOSED): void {
    if (this.closed) return;
    this.closed = true;
    this.loop.stop();
    this.deps.broadcaster.closed(this.code, message, reason);
    this.log.info({ message }, 'room closed');
    this.deps.onEmpty(this);
  }

  /** One tick: expire held seats (a command like any other), then let the engine run the tick. */
  private runTick(): void {
    const started = performance.now();
    try {
      this.expireSeats();
      const frame = this.engine.tick(this.inputOf);
      this.afterTick(frame);
    } catch (err) {
      // Containment: one room's failure must not take down the process or other rooms.
      this.log.error({ err, tick: this.tick }, 'room tick failed; closing room');
      this.close('This room hit an internal error and was closed.');
      return;
    }
    this.deps.observer?.tick(this.code, performance.now() - started, started);
  }

  private readonly inputOf = (id: PlayerId, state: GameState): SimInput | undefined => {
    const m = this.members.get(id);
    if (!m) return undefined;
    return m.bot ? this.bots.input(state, id) : m.queue.shift();
  };

  private afterTick(frame: Frame): void {
    for (const e of frame.state.events) {
      if (e.type === 'kill' || e.type === 'round-start') this.scoresDirty = true;
      else if (e.type === 'round-end') this.announceRoundEnd(e.winner, e.round);
    }
  }

  /** Once per loop callback: the newest frame to every member, and the scores when they changed. */
  private publish(): void {
    if (this.closed) return;
    const started = performance.now();
    try {
      const tick = this.tick;
      const every = this.options.snapshotEvery;
      // Latest wins: one snapshot per callback, when at least one snapshot tick passed since the last one.
      const due = Math.floor(tick / every) - Math.floor(this.publishedTick / every);
      if (due > 0) {
        this.publishedTick = tick;
        this.deps.broadcaster.frame(this.code, this, due - 1);
      }
      if (this.scoresDirty && tick - this.scoresSentTick >= this.scoresEvery) {
        this.scoresDirty = false;
        this.scoresSentTick = tick;
        this.deps.broadcaster.scores(
          this.code,
          this.engine.state.players.map((p) => [p.id, p.kills, p.deaths]),
        );
      }
    } catch (err) {
      this.log.error({ err, tick: this.tick }, 'room publish failed; closing room');
      this.close('This room hit an internal error and was closed.');
      return;
    }
    this.deps.observer?.publish?.(this.code, performance.now() - started);
  }

  private expireSeats(): void {
    const next = this.tick + 1;
    for (const m of [...this.members.values()]) {
      if (m.heldUntilTick >= 0 && m.heldUntilTick <= next) this.releaseSeat(m.id, 'seat-expiry');
    }
  }

  private announceRoundEnd(winner: PlayerId, round: number): void {
    const scores = this.engine.state.players
      .map((p) => ({ id: p.id, name: this.members.get(p.id)?.name ?? '?', kills: p.kills, deaths: p.deaths }))
      .sort((a, b) => b.kills - a.kills || a.deaths - b.deaths);
    this.deps.broadcaster.roundEnd(this.code, { round, winner, scores });
  }

  private addMember(name: string, bot: boolean, socketId: string | null): Member {
    const id = this.nextId++;
    const member: Member = {
      id,
      name,
      bot,
      socketId,
      resumeToken: resumeTokenFor(this.code, randomBytes(18)),
      queue: new InputQueue(),
      heldUntilTick: -1,
    };
    this.members.set(id, member);
    return member;
  }

  private botName(): string {
    return `Bot ${this.botCount + 1}`.slice(0, Limits.NAME_MAX);
  }

  private removeOneBot(): void {
    const bots = [...this.members.values()].filter((m) => m.bot);
    const last = bots[bots.length - 1];
    if (!last) return;
    this.members.delete(last.id);
    this.bots.forget(last.id);
    this.engine.queue({ kind: 'bot-swap', add: null, remove: last.id });
  }

  /** A seat is given up (left, or its hold expired): the player leaves the game at the next tick. */
  private releaseSeat(id: PlayerId, kind: 'leave' | 'seat-expiry'): void {
    const m = this.members.get(id);
    if (!m) return;
    this.members.delete(id);
    this.engine.queue({ kind, id });
    this.log.info({ playerId: id, reason: kind }, 'seat released');
    if (!m.bot) this.announce(kind === 'leave' ? `${m.name} left` : `${m.name} left (connection lost)`);
    // Refill the seat with a bot if the room asked for bots.
    if (
      this.humanCount > 0 &&
      this.botCount < this.options.bots &&
      this.members.size < this.options.maxPlayers
    ) {
      const bot = this.addMember(this.botName(), true, null);
      this.engine.queue({ kind: 'bot-swap', add: bot.id, remove: null });
    }
    this.rosterChanged();
    if (this.humanCount === 0) this.close('Everyone left.');
  }

  private rosterChanged(): void {
    this.scoresDirty = true;
    this.deps.broadcaster.roster(this.code, this.roster());
    this.deps.onChange?.();
  }

  /**
   * A line from the room itself in everyone's chat (`from: -1`). Players joining and leaving are said
   * here, by the server, so every client shows the same lines and none has to guess from roster diffs.
   */
  private announce(text: string): void {
    this.deps.broadcaster.chat(this.code, { from: -1, name: '', text });
  }

  private memberBySocket(socketId: string): Member | undefined {
    for (const m of this.members.values()) if (m.socketId === socketId) return m;
    return undefined;
  }
}
