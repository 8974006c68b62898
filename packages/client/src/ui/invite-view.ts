import type { RoomPeek } from '@tick-arena/common';
import { countOf } from './plural.js';

/**
 * What a share link (`/r/CODE`) turned out to be, one state per case, each shown before any name is asked
 * for: a link with a broken code, a room being checked, a seat being taken back after a reload, a room to
 * join, a full room to watch, no such room.
 */
export type InviteState =
  | { readonly kind: 'none' }
  | { readonly kind: 'malformed'; readonly raw: string }
  | { readonly kind: 'checking'; readonly code: string }
  | { readonly kind: 'rejoining'; readonly code: string }
  /** `peek` is null when the room could not be checked: joining will say what is wrong, if anything. */
  | { readonly kind: 'open'; readonly code: string; readonly peek: RoomPeek | null }
  | { readonly kind: 'full'; readonly code: string; readonly peek: RoomPeek | null }
  | { readonly kind: 'missing'; readonly code: string };

/** The invitation's text and its one button (join or watch), if pressing Enter should do something. */
export interface InviteView {
  readonly text: string;
  readonly action: { readonly label: string; readonly code: string; readonly spectate: boolean } | null;
  /** Something is in progress: Enter in the name field waits for it rather than starting quick play. */
  readonly busy: boolean;
  /** The room cannot be joined (no such room, a broken link): shown as a warning. */
  readonly warning: boolean;
}

/** The state a peek leads to. */
export function inviteFromPeek(peek: RoomPeek): InviteState {
  if (!peek.exists) return { kind: 'missing', code: peek.code };
  return peek.full ? { kind: 'full', code: peek.code, peek } : { kind: 'open', code: peek.code, peek };
}

/** "2/8 players, 3 bots": who is in a room, from a peek. */
export function occupancy(peek: RoomPeek): string {
  const seats = `${peek.humans}/${peek.maxPlayers} ${peek.maxPlayers === 1 ? 'player' : 'players'}`;
  return peek.bots > 0 ? `${seats}, ${countOf(peek.bots, 'bot')}` : seats;
}

export function describeInvite(state: InviteState): InviteView | null {
  const quiet = { action: null, busy: false, warning: false };
  switch (state.kind) {
    case 'none':
      return null;
    case 'malformed':
      return {
        ...quiet,
        warning: true,
        text:
          `This link has no valid room code${state.raw ? ` (“${state.raw}”)` : ''}: codes have six letters ` +
          'and digits. Ask your friend for the link again, or start a game below.',
      };
    case 'checking':
      return { ...quiet, busy: true, text: `Checking room ${state.code}…` };
    case 'rejoining':
      return { ...quiet, busy: true, text: `Taking your seat back in room ${state.code}…` };
    case 'missing':
      return {
        ...quiet,
        warning: true,
        text: `Room ${state.code} doesn't exist any more (or the code is wrong). Start a new room or press Quick play.`,
      };
    case 'open':
      return {
        ...quiet,
        text: `You're invited to room ${state.code}${state.peek ? ` (${occupancy(state.peek)})` : ''}. Choose a name and press Enter.`,
        action: { label: `Join ${state.code}`, code: state.code, spectate: false },
      };
    case 'full':
      return {
        ...quiet,
        text: `Room ${state.code} is full${state.peek ? ` (${occupancy(state.peek)})` : ''}. You can watch until a seat frees up.`,
        action: { label: `Watch ${state.code}`, code: state.code, spectate: true },
      };
  }
}
