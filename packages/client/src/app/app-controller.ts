import { CloseReason, ErrorCode, type JoinedRoom } from '@tick-arena/common';
import { installDebugHook, type DebugRendered, type DebugSnapshot } from '../debug/debug-hook.js';
import { combineSources } from '../input/combined-source.js';
import { KeyboardMouseSource } from '../input/keyboard-mouse-source.js';
import { TouchSticks } from '../input/touch-sticks.js';
import { openSocket, type GameSocket } from '../net/connection.js';
import { elsewhereUrl, followingRedirects, MAX_FOLLOWS, moveSocket } from '../net/follow-node.js';
import { linkLine, ribbonLine, type LinkStatus } from '../net/link-status.js';
import { RequestError } from '../net/request-error.js';
import { createRoom, joinRoom, leaveRoom, quickPlay, resumeSeat, watchLobby } from '../net/requests.js';
import { sendChat } from '../net/messages.js';
import { SnapshotStream } from '../net/snapshot-stream.js';
import { meterSocket } from '../net/traffic-meter.js';
import type { NetFigures } from '../netcode/net-stats.js';
import { bindGameHotkeys } from '../ui/game-hotkeys.js';
import { GameUi } from '../ui/game-ui.js';
import { Menu } from '../ui/menu.js';
import { NetGraph } from '../ui/net-graph.js';
import { Notice } from '../ui/notice.js';
import { Ribbon } from '../ui/ribbon.js';
import { parseRoomPath } from '../ui/route.js';
import type { ArenaStage } from './arena-stage.js';
import { Arrival, explainLostSeat, SEAT_GONE, type ArrivalHost } from './arrival.js';
import { ConnectionWatch } from './connection-watch.js';
import { GameSession } from './game-session.js';
import { SeatStore } from './seat-store.js';

/**
 * What ended a session, as a heading for the notice that explains it. Partial and keyed by string: a
 * reason added to the protocol later still gets the server's own message under a generic heading.
 * (A restart is not here: it is not an ending, the page reconnects and resumes or says the room ended.)
 */
const KICK_TITLES: Readonly<Partial<Record<CloseReason | 'slow', string>>> = {
  [CloseReason.ROOM_CLOSED]: 'The room has closed',
  [CloseReason.ABUSE]: 'Disconnected for sending too much',
  [CloseReason.REPLACED]: 'You joined from somewhere else',
  [CloseReason.ADMIN_CLOSED]: 'The room was closed by an administrator',
  [CloseReason.KICKED]: 'You were removed from the room',
  slow: 'Your connection could not keep up',
};

/** Input devices for one session; released when it ends. */
interface SessionInput {
  keyboard: KeyboardMouseSource;
  touch: TouchSticks | null;
}

/**
 * The app's flow: menu -> room -> menu, plus what happens when the page is reloaded in a room, the
 * connection drops, the server restarts or kicks us, or a share link is opened. Owns the socket, the menu
 * and the in-game UI; each room is a `GameSession`.
 */
export class AppController {
  private readonly socket: GameSocket = openSocket();
  /** Every state tick of the socket goes through here: the one decoder, and the count the debug hook reads. */
  private readonly stream = new SnapshotStream(this.socket);
  /** Every byte the socket moves, for the net graph. */
  private readonly traffic = meterSocket(this.socket);
  private readonly netGraph = new NetGraph(() => this.netFigures());
  private readonly menu: Menu;
  private readonly gameUi: GameUi;
  private readonly notice = new Notice();
  private readonly ribbon = new Ribbon();
  private readonly seats = new SeatStore();
  private readonly connection: ConnectionWatch;
  private session: GameSession | null = null;
  private input: SessionInput | null = null;
  private unbindHotkeys: (() => void) | null = null;
  /** Times the current resume was sent to another node (a seat behind a balancer, on another node). */
  private resumeFollows = 0;
  /** What the page's address asks for once connected: its seat back after a reload, or a room checked. */
  private readonly arrival: Arrival;
  /** The server said it is restarting (`kicked: shutdown`) and we have not been in a room since. */
  private restarting = false;

  constructor(
    private readonly stage: ArenaStage,
    private readonly uiRoot: HTMLElement,
    private readonly gameSurface: HTMLElement,
  ) {
    this.menu = new Menu({
      // A room on another node of a cluster answers E_ROOM_ELSEWHERE: the socket moves there and asks again.
      quickPlay: async (name) =>
        this.enter(await followingRedirects(this.socket, () => quickPlay(this.socket, { name })), name),
      join: async (code, name, spectate) =>
        this.enter(
          await followingRedirects(this.socket, () => joinRoom(this.socket, { code, name, spectate })),
          name,
        ),
      create: async (name, options) => this.enter(await createRoom(this.socket, { name, ...options }), name),
    });
    this.gameUi = new GameUi({
      leave: () => this.leave(),
      sendChat: (text) => sendChat(this.socket, text),
      chatClosed: () => this.input?.keyboard.release(),
    });
    this.connection = new ConnectionWatch(this.socket, {
      online: () => this.onOnline(),
      status: (status) => this.showStatus(status),
      dropped: () => this.session?.suspend(),
      serverClosed: () => this.onServerClosed(),
      refused: (error) => {
        this.endSession();
        this.menu.report(error.code, error.message, { retry: () => this.socket.connect() });
      },
    });
    this.arrival = new Arrival(this.arrivalHost());
    this.socket.on('kicked', ({ reason, message }) => this.onKicked(reason, message));
    // Pushed while the menu watches the lobby; a late one after entering a room is ignored.
    this.socket.on('lobby:rooms', (rooms) => {
      if (!this.session) this.menu.setRooms(rooms);
    });
  }

  start(): void {
    this.uiRoot.append(this.menu.el, this.gameUi.el, this.netGraph.el, this.ribbon.el, this.notice.el);
    installDebugHook({
      snapshot: () => this.debugSnapshot(),
      rendered: () => this.debugRendered(),
      netStats: () => this.netFigures(),
      feedback: () => this.gameUi.feedback.report(),
      ticks: () => this.stream.stats.received,
    });
    this.arrival.begin(parseRoomPath(location.pathname));
    this.menu.show();
  }

  private arrivalHost(): ArrivalHost {
    return {
      socket: this.socket,
      seats: this.seats,
      inRoom: () => this.session !== null,
      setInvite: (state) => this.menu.setInvite(state),
      tell: (message) => this.menu.tell(message),
      enter: (joined, name, resumed) => this.enter(joined, name, resumed),
    };
  }

  private onOnline(): void {
    this.ribbon.hide();
    this.menu.connectionRestored();
    if (this.session) {
      void this.resume(this.session);
      return;
    }
    void this.arrival.connected();
    this.watchLobby();
  }

  private showStatus(status: LinkStatus): void {
    const line = linkLine(status);
    this.menu.setConnection(line.text, line.tone);
    if (status.kind === 'reconnecting' && this.session) this.ribbon.show(ribbonLine(status));
    if (status.kind !== 'online' && !this.session) this.menu.setRoomsMessage('Waiting for the server…');
  }

  private onKicked(reason: CloseReason, message: string): void {
    if (reason === CloseReason.SHUTDOWN) {
      // Not an ending: the page reconnects by itself, then resumes, or says the room ended. No modal.
      this.restarting = true;
      this.connection.markRestarting();
      if (this.session) {
        this.session.suspend();
        this.ribbon.show(ribbonLine({ kind: 'reconnecting', attempt: 0, restarting: true }));
      }
      return;
    }
    if (!this.session) return;
    this.endSession();
    this.notice.show(KICK_TITLES[reason] ?? 'Disconnected', message, [
      { label: 'OK', primary: true, run: () => undefined },
    ]);
  }

  /** The server closed this connection. A restart keeps the session for the resume; anything else ends it. */
  private onServerClosed(): void {
    const session = this.session;
    if (!session) return;
    if (this.restarting) {
      session.suspend();
      return;
    }
    // The seat went with the connection; a `kicked` usually came first and already explained why.
    if (!this.notice.visible) {
      this.notice.show('Disconnected', 'The server ended this connection.', [
        { label: 'OK', primary: true, run: () => undefined },
      ]);
    }
    this.endSession();
  }

  /** The menu shows the public rooms live: the list now, then a push on every change. */
  private watchLobby(): void {
    if (this.session || !this.socket.connected) return;
    watchLobby(this.socket).then(
      (rooms) => {
        if (!this.session) this.menu.setRooms(rooms);
      },
      () => {
        if (!this.session) this.menu.setRoomsMessage('The room list is unavailable right now.');
      },
    );
  }

  private enter(joined: JoinedRoom, name: string, resumed = false): void {
    this.endSession();
    this.arrival.cancel();
    this.restarting = false;
    // This tab's seat survives a reload (a spectator has none: a reload offers the room again).
    if (joined.spectator) this.seats.clear();
    else this.seats.save({ code: joined.room.code, token: joined.resumeToken });
    const keyboard = new KeyboardMouseSource(this.gameSurface, this.stage.aimAnchor);
    // Touch sticks only where the primary pointer is a finger: on a laptop they would swallow clicks.
    const touch = matchMedia('(pointer: coarse)').matches ? new TouchSticks(this.uiRoot) : null;
    this.input = { keyboard, touch };
    const session = new GameSession(
      this.socket,
      this.stream,
      joined,
      name,
      this.gameUi,
      touch ? combineSources([keyboard, touch]) : keyboard,
      this.traffic,
    );
    this.session = session;
    this.stage.session = session;
    this.menu.hide();
    // The field or button that started the game must not keep focus: keys typed into it never reach the game.
    if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
    session.start(resumed);
    this.netGraph.setActive(true);
    this.unbindHotkeys = bindGameHotkeys({
      openChat: () => {
        if (session.spectator) return;
        this.input?.keyboard.release();
        this.gameUi.chat.open();
      },
      showScores: (visible) => {
        this.gameUi.scoreboard.setVisible(visible);
        if (visible) session.refreshScoreboard();
      },
      toggleNetGraph: () => this.netGraph.toggle(),
    });
    // The query string stays (`?netsim=`, developer options): a reload keeps what the page was opened with.
    history.replaceState(null, '', `/r/${joined.room.code}${location.search}`);
    document.title = `Tick Arena · ${joined.room.code}`;
  }

  /** Back to the menu, the seat given up. Safe to call when not in a room. */
  private endSession(): void {
    const session = this.session;
    if (!session) return;
    this.session = null;
    this.restarting = false;
    this.seats.clear();
    this.stage.session = null;
    session.dispose();
    this.netGraph.setActive(false);
    this.unbindHotkeys?.();
    this.unbindHotkeys = null;
    this.input?.keyboard.dispose();
    this.input?.touch?.dispose();
    this.input = null;
    this.gameUi.hide();
    this.ribbon.hide();
    history.replaceState(null, '', `/${location.search}`);
    document.title = 'Tick Arena';
    this.menu.setInvite({ kind: 'none' });
    this.menu.setRoomsMessage(this.socket.connected ? 'Loading rooms…' : 'Waiting for the server…');
    this.menu.show();
    this.watchLobby();
  }

  private leave(): void {
    if (this.socket.connected) void leaveRoom(this.socket).catch(() => undefined);
    this.endSession();
  }

  /** After a reconnect: take the held seat back (players) or re-enter by code (spectators). */
  private async resume(session: GameSession): Promise<void> {
    try {
      const joined = session.spectator
        ? await joinRoom(this.socket, { code: session.roomCode, name: session.playerName, spectate: true })
        : await resumeSeat(this.socket, session.resumeToken);
      this.resumeFollows = 0;
      if (this.session !== session) return;
      this.restarting = false;
      session.resume(joined);
    } catch (err) {
      if (this.session !== session) return;
      const url = elsewhereUrl(err);
      if (url !== null && this.resumeFollows < MAX_FOLLOWS) {
        // The seat is on another node: move there; its `connect` resumes again.
        this.resumeFollows += 1;
        moveSocket(this.socket, url).catch(() => {
          if (this.session !== session) return;
          this.endSession();
          this.menu.report(ErrorCode.INTERNAL, "Could not reach the room's server.");
        });
        return;
      }
      this.resumeFollows = 0;
      const restarted = this.restarting;
      this.endSession();
      if (err instanceof RequestError && SEAT_GONE.has(err.code)) {
        void explainLostSeat(this.arrivalHost(), session.roomCode, restarted);
      } else if (err instanceof RequestError) this.menu.report(err.code, err.message);
      else this.menu.report(ErrorCode.INTERNAL, 'Could not get back into the room.');
    }
  }

  private netFigures(): NetFigures | null {
    return this.session?.netFigures(performance.now()) ?? null;
  }

  /** The scene's newest frame, if it was drawn for the room being played. */
  private debugRendered(): DebugRendered | null {
    return this.session ? this.stage.drawn.latest : null;
  }

  private debugSnapshot(): DebugSnapshot | null {
    const session = this.session;
    const s = session?.view.latest();
    if (!session || !s) return null;
    return {
      roomCode: session.roomCode,
      playerId: session.selfId,
      tick: s.tick,
      players: s.players.map(({ id, x, y, alive, hp }) => ({ id, x, y, alive, hp })),
      score: session.selfScore(),
    };
  }
}
