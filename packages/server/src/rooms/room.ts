import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import {
  ARENA,
  CloseReason,
  ErrorCode,
  Limits,
  addPlayer,
  botInput,
  createGameState,
  encodeSnapshot,
  removePlayer,
  step,
  type ChatMessage,
  type GameState,
  type InputCommand,
  type PlayerId,
  type RoomInfo,
  type RosterEntry,
  type SimEvent,
} from '@tick-arena/common';
import type { FastifyBaseLogger } from 'fastify';
import { FixedLoop } from '../loop/fixed-loop.js';
import { GameError } from '../errors.js';
import { InputQueue } from './input-queue.js';
import type { RoomBroadcaster, RoomOptions, TickObserver } from './types.js';

interface Member {
  readonly id: PlayerId;
  readonly name: string;
  readonly bot: boolean;
  readonly resumeToken: string;
  readonly queue: InputQueue;
  socketId: string | null;
  /** Set while a disconnected player's seat is held. */
  holdTimer: NodeJS.Timeout | null;
}

export interface RoomDeps {
  broadcaster: RoomBroadcaster;
  log: FastifyBaseLogger;
  /** Called once the room has no humans left (connected or held) or has been closed. */
  onEmpty: (room: Room) => void;
  /** How long a dropped player's seat is held for `room:resume`, in ms. */
  graceMs: number;
  observer?: TickObserver;
}

export interface Seat {
  playerId: PlayerId;
  resumeToken: string;
  /** On resume: the socket that held this seat until now, if it was still connected. */
  replacedSocketId?: string;
}

/**
 * One game: its members, input queues and fixed-timestep loop. Socket handlers call the public methods,
 * which only validate membership and enqueue; game state changes only inside `tick`.
 */
export class Room {
  readonly info: Readonly<Omit<RoomInfo, 'players' | 'spectators' | 'bots'>>;
  private state: GameState;
  private readonly members = new Map<PlayerId, Member>();
  private readonly spectators = new Set<string>();
  private readonly loop: FixedLoop;
  private readonly dt: number;
  private pendingEvents: SimEvent[] = [];
  private nextId = 1;
  private closed = false;
  private readonly log: FastifyBaseLogger;

  constructor(
    code: string,
    readonly options: RoomOptions,
    private readonly deps: RoomDeps,
  ) {
    this.info = {
      code,
      public: options.public,
      maxPlayers: options.maxPlayers,
      tickRate: options.tickRate,
      snapshotEvery: options.snapshotEvery,
      mapId: ARENA.id,
    };
    this.log = deps.log.child({ room: code });
    this.dt = 1 / options.tickRate;
    this.state = createGameState({
      seed: options.seed,
      killLimit: options.killLimit,
      roundSeconds: options.roundSeconds,
    });
    for (let i = 0; i < Math.min(options.bots, options.maxPlayers - 1); i++) this.addBot();
    this.loop = new FixedLoop({
      rate: options.tickRate,
      onTick: () => this.runTick(),
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
    return this.state.tick;
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

  /** Seat a human. Throws `GameError(ROOM_FULL)` when every seat is held by a human. */
  addHuman(name: string, socketId: string): Seat {
    if (this.freeSeats <= 0) throw new GameError(ErrorCode.ROOM_FULL, `room ${this.code} is full`);
    if (this.members.size >= this.options.maxPlayers) this.removeOneBot();
    const member = this.addMember(name, false, socketId);
    this.deps.broadcaster.roster(this.code, this.roster());
    return { playerId: member.id, resumeToken: member.resumeToken };
  }

  addSpectator(socketId: string): void {
    this.spectators.add(socketId);
  }

  /**
   * A socket left. A player who left on purpose loses the seat at once; one whose connection dropped keeps
   * it for the grace period so `resume` can hand it back.
   */
  removeSocket(socketId: string, hold: boolean): void {
    if (this.spectators.delete(socketId)) return;
    const member = this.memberBySocket(socketId);
    if (!member) return;
    if (hold && this.deps.graceMs > 0) {
      member.socketId = null;
      member.queue.clear();
      member.holdTimer = setTimeout(() => this.releaseSeat(member.id), this.deps.graceMs);
      this.log.info({ playerId: member.id, graceMs: this.deps.graceMs }, 'player dropped; seat held');
      this.deps.broadcaster.roster(this.code, this.roster());
    } else {
      this.releaseSeat(member.id);
    }
  }

  /** Give a held seat back to a reconnecting socket. */
  resume(token: string, socketId: string): Seat | null {
    for (const m of this.members.values()) {
      if (m.bot || m.resumeToken !== token) continue;
      if (m.holdTimer) clearTimeout(m.holdTimer);
      m.holdTimer = null;
      const previous = m.socketId;
      m.socketId = socketId;
      m.queue.reset();
      this.log.info({ playerId: m.id, replaced: previous !== null }, 'player resumed');
      this.deps.broadcaster.roster(this.code, this.roster());
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
  enqueueInput(playerId: PlayerId, cmd: InputCommand): boolean {
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

  /** Stop the loop and tell members why. Idempotent. */
  close(message: string, reason: CloseReason = CloseReason.ROOM_CLOSED): void {
    if (this.closed) return;
    this.closed = true;
    this.loop.stop();
    for (const m of this.members.values()) if (m.holdTimer) clearTimeout(m.holdTimer);
    this.deps.broadcaster.closed(this.code, message, reason);
    this.log.info({ message }, 'room closed');
    this.deps.onEmpty(this);
  }

  /** Drain inputs, step the simulation, hand a snapshot to the transport every Nth tick. */
  private runTick(): void {
    const started = performance.now();
    try {
      const inputs = new Map<PlayerId, InputCommand>();
      for (const m of this.members.values()) {
        const cmd = m.bot
          ? botInput(this.state, m.id, this.state.tick, ARENA, this.options.tickRate)
          : m.queue.shift();
        if (cmd) inputs.set(m.id, cmd);
      }
      this.state = step(this.state, inputs, this.dt);
      if (this.state.events.length > 0) this.pendingEvents.push(...this.state.events);
      for (const e of this.state.events) if (e.type === 'round-end') this.announceRoundEnd(e.winner, e.round);
      if (this.state.tick % this.options.snapshotEvery === 0) {
        const wire = encodeSnapshot(
          this.state,
          performance.timeOrigin + performance.now(),
          this.pendingEvents,
        );
        this.pendingEvents = [];
        this.deps.broadcaster.tick(this.code, wire);
      }
    } catch (err) {
      // Containment: one room's failure must not take down the process or other rooms.
      this.log.error({ err, tick: this.state.tick }, 'room tick failed; closing room');
      this.close('This room hit an internal error and was closed.');
      return;
    }
    this.deps.observer?.tick(this.code, performance.now() - started, started);
  }

  private announceRoundEnd(winner: PlayerId, round: number): void {
    const scores = this.state.players
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
      resumeToken: randomBytes(18).toString('base64url'),
      queue: new InputQueue(),
      holdTimer: null,
    };
    this.members.set(id, member);
    this.state = addPlayer(this.state, id, ARENA);
    return member;
  }

  private addBot(): void {
    const n = this.botCount + 1;
    this.addMember(`Bot ${n}`.slice(0, Limits.NAME_MAX), true, null);
  }

  private removeOneBot(): void {
    const bots = [...this.members.values()].filter((m) => m.bot);
    const last = bots[bots.length - 1];
    if (last) this.dropMember(last.id);
  }

  private releaseSeat(id: PlayerId): void {
    const m = this.members.get(id);
    if (!m) return;
    if (m.holdTimer) clearTimeout(m.holdTimer);
    this.dropMember(id);
    this.log.info({ playerId: id }, 'seat released');
    // Refill the seat with a bot if the room asked for bots.
    if (
      this.humanCount > 0 &&
      this.botCount < this.options.bots &&
      this.members.size < this.options.maxPlayers
    ) {
      this.addBot();
    }
    this.deps.broadcaster.roster(this.code, this.roster());
    if (this.humanCount === 0) this.close('Everyone left.');
  }

  private dropMember(id: PlayerId): void {
    this.members.delete(id);
    this.state = removePlayer(this.state, id);
  }

  private memberBySocket(socketId: string): Member | undefined {
    for (const m of this.members.values()) if (m.socketId === socketId) return m;
    return undefined;
  }
}
