/** What a tab remembers about the seat it holds, to take it back after a reload. */
export interface StoredSeat {
  /** The room, to check against the path the page was reloaded on. */
  readonly code: string;
  /** Proves the seat (`room:resume`). */
  readonly token: string;
}

const KEY = 'tick-arena:seat';

/** The part of the Web Storage API the store uses. */
export type SeatStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/**
 * The resume token of the seat this tab holds, in `sessionStorage`: it survives a reload (F5 puts the
 * player back in the seat, with its score, even in a full room, because a resume takes the held seat
 * rather than joining), but not the tab: another tab, or the same link opened tomorrow, asks for a name.
 * Cleared when the player leaves on purpose or the server says the seat is gone.
 *
 * Every call tolerates a storage that throws (some private modes, a sandboxed frame): the reload then
 * simply asks for a name, as before.
 */
export class SeatStore {
  constructor(private readonly storage: () => SeatStorage = () => sessionStorage) {}

  load(): StoredSeat | null {
    try {
      const raw = this.storage().getItem(KEY);
      if (raw === null) return null;
      const value: unknown = JSON.parse(raw);
      if (typeof value !== 'object' || value === null) return null;
      const { code, token } = value as { code?: unknown; token?: unknown };
      return typeof code === 'string' && typeof token === 'string' && token !== '' ? { code, token } : null;
    } catch {
      return null;
    }
  }

  save(seat: StoredSeat): void {
    try {
      this.storage().setItem(KEY, JSON.stringify({ code: seat.code, token: seat.token }));
    } catch {
      // Not remembering the seat only costs the reload shortcut.
    }
  }

  clear(): void {
    try {
      this.storage().removeItem(KEY);
    } catch {
      // Nothing stored, nothing to clear.
    }
  }
}
