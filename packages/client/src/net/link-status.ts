/** Where the connection to the server stands, as the player is told. */
export type LinkStatus =
  /** The page has not been connected yet; `attempt` counts socket.io's retries (0 before the first). */
  | { readonly kind: 'connecting'; readonly attempt: number }
  | { readonly kind: 'online' }
  /**
   * Lost, and socket.io is retrying with backoff. `attempt` counts the tries since it was lost (0 before
   * the first); `restarting` when the server said it was restarting before it went.
   */
  | { readonly kind: 'reconnecting'; readonly attempt: number; readonly restarting: boolean }
  /** Refused for a reason retrying cannot fix (another protocol version, an origin not allowed). */
  | { readonly kind: 'refused' };

export type LinkTone = 'pending' | 'ok' | 'bad';

/** The menu's status line for a link status. */
export function linkLine(status: LinkStatus): { text: string; tone: LinkTone } {
  switch (status.kind) {
    case 'connecting':
      return { text: `Connecting…${attemptSuffix(status.attempt)}`, tone: 'pending' };
    case 'online':
      return { text: 'Online', tone: 'ok' };
    case 'refused':
      return { text: 'Not connected', tone: 'bad' };
    case 'reconnecting':
      return {
        text: `${status.restarting ? 'The server is restarting. ' : ''}Reconnecting…${attemptSuffix(status.attempt)}`,
        tone: 'bad',
      };
  }
}

/** The in-game ribbon while the link is down (the game is paused under it). */
export function ribbonLine(status: Extract<LinkStatus, { kind: 'reconnecting' }>): string {
  const why = status.restarting ? 'The server is restarting.' : 'Connection lost.';
  return `${why} Reconnecting…${attemptSuffix(status.attempt)}`;
}

function attemptSuffix(attempt: number): string {
  return attempt > 0 ? ` (attempt ${attempt})` : '';
}
