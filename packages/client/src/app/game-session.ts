import {
  RoundPhase,
  decodeSnapshot,
  type ChatMessage,
  type JoinedRoom,
  type PlayerId,
  type RosterEntry,
  type RoundSummary,
  type SimEvent,
  type Snapshot,
  type SnapshotWire,
  type WireError,
} from '@tick-arena/common';
import type { GameSocket } from '../net/connection.js';
import { sendInput } from '../net/messages.js';
import { TimeSync } from '../net/time-sync.js';
import { FixedInterval } from '../netcode/fixed-interval.js';
import { InputSampler, type InputSource } from '../netcode/input-sampler.js';
import { LatestSnapshotView } from '../netcode/latest-snapshot-view.js';
import type { RenderFrame, WorldView } from '../netcode/world-view.js';
import type { ArenaSessionView } from '../scenes/arena-model.js';
import { playerColourCss } from '../scenes/palette.js';
import { formatClock } from '../ui/format.js';
import type { GameUi } from '../ui/game-ui.js';

/** The scoreboard is rebuilt at most this often while Tab is held, ms. */
const SCOREBOARD_REFRESH_MS = 250;

/**
 * One room being played or watched: routes the room's server events to the world view and the HUD, and
 * sends one input command per room tick. It is what the arena scene draws (`ArenaSessionView`).
 * Survives a dropped connection: `suspend` on disconnect, `resume` with the seat handed back.
 */
export class GameSession implements ArenaSessionView {
  readonly view: WorldView = new LatestSnapshotView();
  private joined: JoinedRoom;
  private readonly roster = new Map<PlayerId, RosterEntry>();
  private readonly sampler: InputSampler | null;
  private readonly inputTimer: FixedInterval | null;
  private readonly timeSync: TimeSync;
  private lastEventTick = -1;
  private scoreboardAt = 0;
  /** The round-end banner is up; it comes down when a snapshot shows play again (even if we missed why). */
  private roundOverShown = false;

  constructor(
    private readonly socket: GameSocket,
    joined: JoinedRoom,
    /** The name this player joined with (to rejoin as a spectator after a reconnect). */
    readonly playerName: string,
    private readonly ui: GameUi,
    input: InputSource,
  ) {
    this.joined = joined;
    this.setRoster(joined.roster);
    this.timeSync = new TimeSync(socket);
    if (joined.spectator) {
      this.sampler = null;
      this.inputTimer = null;
    } else {
      const sampler = new InputSampler(input);
      this.sampler = sampler;
      this.inputTimer = new FixedInterval(joined.room.tickRate, () => {
        const cmd = sampler.next();
        this.view.localInput(cmd);
        sendInput(socket, cmd);
      });
    }
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

  nameOf(id: PlayerId): string {
    return this.roster.get(id)?.name ?? '';
  }

  frame(now: number): RenderFrame | null {
    return this.view.frame(now);
  }

  drainEvents(now: number): readonly SimEvent[] {
    return this.view.drainEvents(now);
  }

  start(): void {
    this.socket.on('tick', this.onTick);
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
        : `Joined room ${this.roomCode} (${this.joined.room.tickRate} Hz). Share the link to invite friends.`,
    });
    this.timeSync.start();
    this.inputTimer?.start();
  }

  /** The connection dropped: stop sending; keep everything for `resume`. */
  suspend(): void {
    this.inputTimer?.stop();
    this.timeSync.stop();
    this.timeSync.clock.reset();
  }

  /** The seat is back after a reconnect. Input sequence numbers carry on where they stopped. */
  resume(joined: JoinedRoom): void {
    this.joined = joined;
    this.setRoster(joined.roster);
    this.view.reset();
    this.lastEventTick = -1;
    this.ui.chat.add({ name: null, text: 'Reconnected.' });
    this.timeSync.start();
    this.inputTimer?.start();
  }

  dispose(): void {
    this.suspend();
    this.socket.off('tick', this.onTick);
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

  private readonly onTick = (wire: SnapshotWire): void => {
    const now = performance.now();
    const snapshot = decodeSnapshot(wire);
    this.view.ingest(snapshot, now);
    if (snapshot.tick <= this.lastEventTick) return;
    this.lastEventTick = snapshot.tick;
    this.announce(snapshot.events);
    this.updateHud(snapshot);
    this.updateScoreboard(snapshot, now);
  };

  private readonly onRoster = (roster: RosterEntry[]): void => this.setRoster(roster);

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
      .map((s, i) => `${i + 1}. ${s.name}: ${s.kills} kills, ${s.deaths} deaths`);
    this.ui.banner.show(title, `Round ${summary.round} is over`, lines);
    this.roundOverShown = true;
  };

  private readonly onServerError = (error: WireError): void => {
    this.ui.chat.add({ name: null, text: `Server: ${error.message} (${error.code})` });
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
    if (me) {
      hud.setHealth(me.hp, me.alive);
      hud.setScore(me.kills, me.deaths);
    }
    hud.setPing(this.timeSync.clock.rttMs);
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

  private updateScoreboard(s: Snapshot, now: number): void {
    const board = this.ui.scoreboard;
    if (!board.visible || now - this.scoreboardAt < SCOREBOARD_REFRESH_MS) return;
    this.scoreboardAt = now;
    board.update(
      s.players.map((p) => {
        const entry = this.roster.get(p.id);
        return {
          id: p.id,
          name: entry?.name ?? `Player ${p.id}`,
          kills: p.kills,
          deaths: p.deaths,
          bot: entry?.bot ?? false,
          connected: entry?.connected ?? true,
          colour: playerColourCss(p.id),
        };
      }),
      this.selfId,
    );
  }
}
