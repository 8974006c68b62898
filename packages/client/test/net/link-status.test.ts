import { describe, expect, it } from 'vitest';
import { linkLine, ribbonLine } from '../../src/net/link-status.js';

describe('what the player reads about the connection', () => {
  it('counts reconnect attempts, and says when the server is restarting', () => {
    expect(linkLine({ kind: 'online' })).toEqual({ text: 'Online', tone: 'ok' });
    expect(linkLine({ kind: 'connecting', attempt: 0 }).text).toBe('Connecting…');
    expect(linkLine({ kind: 'reconnecting', attempt: 0, restarting: false }).text).toBe('Reconnecting…');
    expect(linkLine({ kind: 'reconnecting', attempt: 3, restarting: false }).text).toBe(
      'Reconnecting… (attempt 3)',
    );
    expect(linkLine({ kind: 'reconnecting', attempt: 2, restarting: true }).text).toBe(
      'The server is restarting. Reconnecting… (attempt 2)',
    );
  });

  it('words the in-game ribbon by why the link is down', () => {
    expect(ribbonLine({ kind: 'reconnecting', attempt: 1, restarting: false })).toBe(
      'Connection lost. Reconnecting… (attempt 1)',
    );
    expect(ribbonLine({ kind: 'reconnecting', attempt: 0, restarting: true })).toBe(
      'The server is restarting. Reconnecting…',
    );
  });
});
