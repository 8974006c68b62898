const KEY = 'tick-arena:muted';

/**
 * Whether the player muted the game, remembered per browser. `storage` is injectable for tests; it can be
 * missing or throw (some private-browsing modes), which reads as "not muted".
 */
export function loadMuted(storage: Pick<Storage, 'getItem'> | null = safeLocalStorage()): boolean {
  try {
    return storage?.getItem(KEY) === '1';
  } catch {
    return false;
  }
}

export function saveMuted(
  muted: boolean,
  storage: Pick<Storage, 'setItem'> | null = safeLocalStorage(),
): void {
  try {
    storage?.setItem(KEY, muted ? '1' : '0');
  } catch {
    // Not remembering is harmless: the toggle still works for this page.
  }
}

function safeLocalStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}
