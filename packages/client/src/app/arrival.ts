import { ErrorCode, type JoinedRoom } from '@tick-arena/common';
import type { GameSocket } from '../net/connection.js';
import { followingRedirects } from '../net/follow-node.js';
import { peekRoom, resumeSeat } from '../net/requests.js';
import { inviteFromPeek, type InviteState } from '../ui/invite-view.js';
import type { RoomRoute } from '../ui/route.js';
import type { SeatStore, StoredSeat } from './seat-store.js';

/** What the arrival needs from the app. */
export interface ArrivalHost {
  readonly socket: GameSocket;
  readonly seats: SeatStore;
  /** In a room already: whatever the arrival found out is no longer on screen. */
  inRoom(): boolean;
  setInvite(state: InviteState): void;
  /** A sentence on the menu about what happened. */
  tell(message: string): void;
  /** Enter the room (`resumed`: the seat this tab held before a reload). */
  enter(joined: JoinedRoom, name: string, resumed: boolean): void;
}

/** What is left to do once connected. `seatLost`: the stored seat could not be taken back. */
type Pending = { kind: 'resume'; seat: StoredSeat } | { kind: 'peek'; code: string; seatLost: boolean };

/** Resume refusals that mean the seat is gone for good (as opposed to "try again"). */
export const SEAT_GONE: ReadonlySet<string> = new Set([ErrorCode.BAD_RESUME_TOKEN, ErrorCode.ROOM_NOT_FOUND]);

/**
 * How a page arrives at a room through its address: a broken `/r/…` link is said at once; `/r/CODE`
 * reloaded in a tab that held a seat there takes that seat back (no name asked); any other `/r/CODE` is
 * checked with `room:peek` before a name is asked for. The requests wait for the socket: `connected()`
 * runs them (again after a drop, until one answers).
 */
export class Arrival {
  private pending: Pending | null = null;
  /** A request is in flight (a socket moved by it reconnects, which must not start another). */
  private running = false;

  constructor(private readonly host: ArrivalHost) {}

  /** Read the page's route, before the socket is connected. */
  begin(route: RoomRoute): void {
    const { seats, setInvite } = this.host;
    const seat = seats.load();
    if (route.kind === 'room' && seat?.code === route.code) {
      this.pending = { kind: 'resume', seat };
      setInvite({ kind: 'rejoining', code: route.code });
      return;
    }
    seats.clear();
    if (route.kind === 'room') {
      this.pending = { kind: 'peek', code: route.code, seatLost: false };
      setInvite({ kind: 'checking', code: route.code });
    } else if (route.kind === 'malformed') {
      setInvite({ kind: 'malformed', raw: route.raw });
    }
  }

  /** Nothing left to do (the player entered a room some other way). */
  cancel(): void {
    this.pending = null;
  }

  /** The socket is connected: take the stored seat back, or check the room. */
  async connected(): Promise<void> {
    if (this.running || !this.pending) return;
    this.running = true;
    try {
      await this.run();
    } finally {
      this.running = false;
    }
  }

  private async run(): Promise<void> {
    const host = this.host;
    const socket = host.socket;
    const first = this.pending;
    if (first?.kind === 'resume') {
      try {
        const joined = await followingRedirects(socket, () => resumeSeat(socket, first.seat.token));
        this.pending = null;
        if (!host.inRoom()) host.enter(joined, nameIn(joined), true);
        return;
      } catch {
        // Gone (grace over, room ended) or unanswered: the room is checked as for any invitation.
        host.seats.clear();
        this.pending = { kind: 'peek', code: first.seat.code, seatLost: true };
        host.setInvite({ kind: 'checking', code: first.seat.code });
      }
    }
    const check = this.pending;
    if (check?.kind !== 'peek') return;
    try {
      const peek = await followingRedirects(socket, () => peekRoom(socket, check.code));
      this.pending = null;
      if (host.inRoom()) return;
      host.setInvite(inviteFromPeek(peek));
      if (check.seatLost) host.tell(lostSeatText(check.code, peek.exists));
    } catch {
      // Not checked: invite anyway; joining says what is wrong, if anything.
      this.pending = null;
      if (!host.inRoom()) host.setInvite({ kind: 'open', code: check.code, peek: null });
    }
  }
}

/**
 * After a seat could not be taken back on a reconnect: say why, in one sentence. After a restart the room
 * went with the old process; otherwise the room is checked: ended, or still there without us (the grace
 * period ran out), in which case the invitation to it is back so one press rejoins.
 */
export async function explainLostSeat(host: ArrivalHost, code: string, restarted: boolean): Promise<void> {
  if (restarted) {
    host.tell('The room ended when the server restarted. Start a new one or press Quick play.');
    return;
  }
  try {
    const peek = await followingRedirects(host.socket, () => peekRoom(host.socket, code));
    if (host.inRoom()) return;
    host.tell(lostSeatText(code, peek.exists));
    if (peek.exists) host.setInvite(inviteFromPeek(peek));
  } catch {
    if (!host.inRoom()) host.tell(lostSeatText(code, false));
  }
}

/** Our own name in a room re-entered with a token (the server kept it with the seat). */
function nameIn(joined: JoinedRoom): string {
  return joined.roster.find((r) => r.id === joined.playerId)?.name ?? '';
}

/** Why a seat could not be taken back, when the server did not restart. */
function lostSeatText(code: string, roomExists: boolean): string {
  return roomExists
    ? `Your seat in room ${code} was given up while you were away.`
    : `Room ${code} has ended.`;
}
