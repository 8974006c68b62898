import {
  RoundPhase,
  mapById,
  type ArenaMap,
  type ChatMessage,
  type JoinedRoom,
  type PlayerId,
  type RosterEntry,
  type RoundSummary,
  type ScoreTuple,
  type SimEvent,
  type SimInput,
  type WireError,
} from '@tick-arena/common';
import type { GameSocket } from '../net/connection.js';
import { sendInput } from '../net/messages.js';
import type { Snapshot, SnapshotStream } from '../net/snapshot-stream.js';
import { TimeSync } from '../net/time-sync.js';
import type { TrafficMeter } from '../net/traffic-meter.js';
import { FixedInterval } from '../netcode/fixed-interval.js';
import { InputSampler, changesCourse, type InputSource } from '../netcode/input-sampler.js';
import { NetStatsCollector, type NetFigures } from '../netcode/net-stats.js';
import { PredictedView } from '../netcode/predicted-view.js';
import type { RenderFrame, WorldView } from '../netcode/world-view.js';
import type { ArenaSessionView, FeedbackSink } from '../scenes/arena-model.js';
import { playerColourCss } from '../scenes/palette.js';
import { explainError } from '../ui/error-text.js';
import { formatClock } from '../ui/format.js';
import { countOf } from '../ui/plural.js';
import type { GameUi } from '../ui/game-ui.js';

/** What a spectator's input sampler reads: no movement, no aim, no trigger. */
const IDLE: InputSource = { read: () => ({ mx: 0, my: 0, aim: null, fire: false }) };

/** The scoreboard is rebuilt at most this often while Tab is held, ms. */
const SCOREBOARD_REFRESH_MS = 250;

/** Kills and deaths of one player, from the reliable `scores` channel. */
interface Score {
  kills: number;
  deaths: number;
}

/**
 * One room being played or watched: routes the room's server events to the world view and the HUD, and
 * sends one input packet per room tick (a spectator's carry only the snapshot acknowledgement). It is what
 * the arena scene draws (`ArenaSessionView`).
 * Survives a dropped connection: `suspend` on disconnect, `resume` with the seat handed back.
 */
export class GameSession implements ArenaSessionView {
  readonly view: WorldView;
  private readonly predicted: PredictedView;
  private readonly netStats = new NetStatsCollector();
  private joined: JoinedRoom;
  readonly map: ArenaMap;
  private readonly roster = new Map<PlayerId, RosterEntry>();
  private readonly scores = new Map<PlayerId, Score>();
  private readonly sampler: InputSampler;
  private readonly inputTimer: FixedInterval;
  private readonly timeSync: TimeSync;
  private readonly source: InputSource;
  /** The newest command sent (null before the first, and for a spectator). */
  private lastCmd: SimInput | null = null;
  private lastEventTick = -1;
  private scoreboardAt = 0;
  /** The round-end banner is up; it comes down when a snapshot shows play again (even if we missed why). */
  private roundOverShown = false;

  constructor(
    private readonly socket: GameSocket,
    private readonly stream: SnapshotStream,
    joined: JoinedRoom,
    /** The name this player joined with (to rejoin as a spectator after a reconnect). */
    readonly playerName: string,
    private readonly ui: GameUi,
    input: InputSource,
    /** The socket's byte counter, for the net graph. */
    private readonly traffic: TrafficMeter,
  ) {
    this.joined = joined;
    this.map = mapById(joined.room.mapId);
    this.predicted = new PredictedView({
      selfId: this.selfId,
      tickRate: joined.room.tickRate,
      map: this.map,
    });
    this.view = this.predicted;
    this.setRoster(joined.roster);
    this.timeSync = new TimeSync(socket);
    const spectating = joined.spectator;
    // A spectator moves nothing, but its packets still acknowledge snapshots so deltas stay small.
    this.source = spectating ? IDLE : input;
    this.sampler = new InputSampler(this.source);
    this.inputTimer = new FixedInterval(joined.room.tickRate, () => {
      const cmd = this.sampler.next();
      if (!spectating) {
        this.view.localInput(cmd);
        this.lastCmd = cmd;
      }
      // The tick of what is drawn now: the server judges this command's shot against that world.
      sendInput(socket, cmd, stream, this.predicted.viewTick(performance.now()));
    });
  }

  get selfId(): PlayerId {
    return this.joined.spectator ? -1 : this.joined.playerId;
  }

  get roomCode(): string {
    return this.joined.room.code;
  }

  get spectator(): boolean {
    return this.joined.spectator;
  }

  get resumeToken(): string {
    return this.joined.resumeToken;
  }

  /** Sounds and the death card: the scene hands them what it draws. */
  get feedback(): FeedbackSink {
    return this.ui.feedback;
  }

  nameOf(id: PlayerId): string {
    return this.roster.get(id)?.name ?? '';
  }

  /** What to draw at `now`; also the net graph's per-frame sample (one call per drawn frame). */
  frame(now: number): RenderFrame | null {
    this.pullInOnChange();
    const frame = this.view.frame(now);
    if (frame) this.netStats.frame(now, this.predicted.stats(), this.traffic.totals);
    return frame;
  }

  /** The net graph's figures at `now`. */
  netFigures(now: number): NetFigures {
    return this.netStats.figures(now, this.rttMs());
  }

  /**
   * A movement key or the trigger changed since the last command: send the next command now instead of
   * up to a tick later. Prediction applies it at once, so the player is drawn moving on the next frame:
   * within two frames of the key press (one notices it, the next draws it), where waiting for the tick
   * takes three a quarter of the time at 30 Hz and 60 fps, more when timers run late. Pulled in even when
   * the tick is close: a busy page's timer may well fire after the frame. The input stream keeps its
   * rate (`FixedInterval.pullIn`).
   *
   * Only a start, a stop, a turn or the trigger counts (`changesCourse`): a touch stick nudged every
   * frame, or the aim, would otherwise keep the inputs a tick early for as long as it moves.
   */
  private pullInOnChange(): void {
    const last = this.lastCmd;
    if (!last) return;
    if (changesCourse(this.source.read(), last)) this.inputTimer.pullIn(0);
  }

  /**
   * Round-trip time from the clock sync, ms, or null before its first reply: the one place the session
   * reads it (the HUD's ping and the net graph).
   */
  private rttMs(): number | null {
    return this.timeSync.clock.rttMs;
  }

  drainEvents(now: number): readonly SimEvent[] {
    return this.view.drainEvents(now);
  }

  /** Kills and deaths of our own player from the reliable channel, or null before the first update. */
  selfScore(): { kills: number; deaths: number } | null {
    const score = this.scores.get(this.selfId);
    return score ? { ...score } : null;
  }

  /** Start playing; `resumed` when this is the seat the page held before a reload. */
  start(resumed = false): void {
    this.stream.attach(this.joined.room.tickRate, this.onSnapshot);
    this.socket.on('scores', this.onScores);
    this.socket.on('roster', this.onRoster);
    this.socket.on('chat', this.onChat);
    this.socket.on('round:end', this.onRoundEnd);
    this.socket.on('server:error', this.onServerError);
    this.ui.show(this.roomCode, this.spectator);
    this.ui.hud.setPing(null);
    this.ui.chat.add({
      name: null,
      text: this.spectator
        ? `Watching room ${this.roomCode}.`
        : resumed
          ? `Back in room ${this.roomCode}, in the same seat.`
          : `Joined room ${this.roomCode} (${this.joined.room.tickRate} Hz). Share the link to invite friends.`,
    });
    this.timeSync.start();
    this.inputTimer.start();
  }

  /** The connection dropped: stop sending; keep everything for `resume`. */
  suspend(): void {
    this.inputTimer.stop();
    this.lastCmd = null;
    this.timeSync.stop();
    this.timeSync.clock.reset();
  }

  /** The seat is back after a reconnect. Input sequence numbers carry on where they stopped. */
  resume(joined: JoinedRoom): void {
    this.joined = joined;
    this.setRoster(joined.roster);
    this.view.reset();
    this.netStats.reset();
    // The resumed seat starts from a full snapshot: no baseline survives a reconnect.
    this.stream.attach(joined.room.tickRate, this.onSnapshot);
    this.lastEventTick = -1;
    this.ui.chat.add({ name: null, text: 'Reconnected.' });
    this.timeSync.start();
    this.inputTimer.start();
  }

  dispose(): void {
    this.suspend();
    this.stream.detach();
    this.socket.off('scores', this.onScores);
    this.socket.off('roster', this.onRoster);
    this.socket.off('chat', this.onChat);
    this.socket.off('round:end', this.onRoundEnd);
    this.socket.off('server:error', this.onServerError);
    this.view.reset();
  }

  /** Refresh the scoreboard now (Tab pressed). */
  refreshScoreboard(): void {
    this.scoreboardAt = 0;
    const s = this.view.latest();
    if (s) this.updateScoreboard(s, performance.now());
  }

  private setRoster(entries: readonly RosterEntry[]): void {
    this.roster.clear();
    for (const e of entries) this.roster.set(e.id, e);
  }

  private readonly onSnapshot = (snapshot: Snapshot): void => {
    const now = performance.now();
    this.view.ingest(snapshot, now);
    this.netStats.snapshot(snapshot.serverTime, now);
    if (snapshot.tick <= this.lastEventTick) return;
    this.lastEventTick = snapshot.tick;
    this.announce(snapshot.events);
    this.updateHud(snapshot);
    this.updateScoreboard(snapshot, now);
  };

  private readonly onRoster = (roster: RosterEntry[]): void => this.setRoster(roster);

  private readonly onScores = (scores: ScoreTuple[]): void => {
    this.scores.clear();
    for (const [id, kills, deaths] of scores) this.scores.set(id, { kills, deaths });
    const me = this.scores.get(this.selfId);
    if (me) this.ui.hud.setScore(me.kills, me.deaths);
    const s = this.view.latest();
    if (s && this.ui.scoreboard.visible) this.updateScoreboard(s, performance.now(), true);
  };

  private readonly onChat = (msg: ChatMessage): void => {
    this.ui.chat.add(
      msg.from < 0
        ? { name: null, text: msg.text }
        : { name: msg.name, text: msg.text, colour: playerColourCss(msg.from) },
    );
  };

  private readonly onRoundEnd = (summary: RoundSummary): void => {
    const won = summary.winner === this.selfId;
    const winner = summary.scores.find((s) => s.id === summary.winner)?.name;
    const title = won ? 'You win!' : winner ? `${winner} wins` : 'Round over';
    const lines = summary.scores
      .slice(0, 3)
      .map((s, i) => `${i + 1}. ${s.name}: ${countOf(s.kills, 'kill')}, ${countOf(s.deaths, 'death')}`);
    this.ui.banner.show(title, `Round ${summary.round} is over`, lines);
    this.roundOverShown = true;
  };

  /** A refusal of something sent in play (a chat line too fast): said in words, the code left out. */
  private readonly onServerError = (error: WireError): void => {
    this.ui.chat.add({ name: null, text: explainError(error.code).title });
  };

  /** Kill feed and round-start banner; effects are the scene's business. */
  private announce(events: readonly SimEvent[]): void {
    for (const e of events) {
      if (e.type === 'kill') {
        const victim = {
          name: this.nameOf(e.victim) || `Player ${e.victim}`,
          colour: playerColourCss(e.victim),
        };
        const killer =
          e.killer >= 0 && e.killer !== e.victim
            ? { name: this.nameOf(e.killer) || `Player ${e.killer}`, colour: playerColourCss(e.killer) }
            : null;
        this.ui.killFeed.add(killer, victim, e.killer === this.selfId || e.victim === this.selfId);
      } else if (e.type === 'round-start') {
        this.roundOverShown = false;
        this.ui.banner.show(`Round ${e.round}`, 'Fight!', [], 1500);
      }
    }
  }

  private updateHud(s: Snapshot): void {
    const hud = this.ui.hud;
    const me = s.players.find((p) => p.id === this.selfId);
    if (me) hud.setHealth(me.hp, me.alive);
    hud.setPing(this.rttMs());
    const r = s.round;
    if (r.phase === RoundPhase.PLAYING && this.roundOverShown) {
      this.roundOverShown = false;
      this.ui.banner.hide();
    }
    hud.setRound(
      r.phase === RoundPhase.ENDED
        ? `Next round in ${formatClock(r.timeLeft)}`
        : r.timeLeft > 0
          ? `Round ${r.number} · ${formatClock(r.timeLeft)}`
          : `Round ${r.number}`,
    );
  }

  /** The scoreboard lists the roster (every seat, in view or not) with the latest scores. */
  private updateScoreboard(_s: Snapshot, now: number, force = false): void {
    const board = this.ui.scoreboard;
    if (!board.visible || (!force && now - this.scoreboardAt < SCOREBOARD_REFRESH_MS)) return;
    this.scoreboardAt = now;
    board.update(
      [...this.roster.values()].map((entry) => {
        const score = this.scores.get(entry.id);
        return {
          id: entry.id,
          name: entry.name,
          kills: score?.kills ?? 0,
          deaths: score?.deaths ?? 0,
          bot: entry.bot,
          connected: entry.connected,
          colour: playerColourCss(entry.id),
        };
      }),
      this.selfId,
    );
  }
}
