import { describe, expect, it } from 'vitest';
import { describeInvite, inviteFromPeek } from '../../src/ui/invite-view.js';

const peek = { code: 'ABC234', exists: true, full: false, humans: 2, bots: 3, maxPlayers: 8 };

describe('the invitation of a share link: one clear state per case', () => {
  it('offers to join an open room, saying who is there', () => {
    const view = describeInvite(inviteFromPeek(peek));
    expect(view?.text).toBe(
      "You're invited to room ABC234 (2/8 players, 3 bots). Choose a name and press Enter.",
    );
    expect(view?.action).toEqual({ label: 'Join ABC234', code: 'ABC234', spectate: false });
  });

  it('offers to watch a full room instead of a Join that would fail', () => {
    const view = describeInvite(inviteFromPeek({ ...peek, full: true, humans: 8, bots: 0 }));
    expect(view?.text).toBe('Room ABC234 is full (8/8 players). You can watch until a seat frees up.');
    expect(view?.action).toEqual({ label: 'Watch ABC234', code: 'ABC234', spectate: true });
  });

  it('says an unknown room does not exist, with nothing to press', () => {
    const view = describeInvite(inviteFromPeek({ ...peek, exists: false }));
    expect(view?.text).toMatch(/^Room ABC234 doesn't exist/);
    expect(view?.action).toBeNull();
    expect(view?.warning).toBe(true);
  });

  it('says a broken link is broken, repeating what it held', () => {
    const view = describeInvite({ kind: 'malformed', raw: 'abc' });
    expect(view?.text).toMatch(/^This link has no valid room code \(“abc”\)/);
    expect(view?.action).toBeNull();
  });

  it('waits (Enter does nothing) while checking or taking a seat back', () => {
    expect(describeInvite({ kind: 'checking', code: 'ABC234' })).toMatchObject({ busy: true, action: null });
    expect(describeInvite({ kind: 'rejoining', code: 'ABC234' })).toMatchObject({ busy: true, action: null });
    expect(describeInvite({ kind: 'none' })).toBeNull();
  });

  it('never shows a raw error code', () => {
    const states = [
      inviteFromPeek(peek),
      inviteFromPeek({ ...peek, full: true }),
      inviteFromPeek({ ...peek, exists: false }),
      { kind: 'malformed', raw: '' } as const,
      { kind: 'open', code: 'ABC234', peek: null } as const,
    ];
    for (const s of states) expect(describeInvite(s)?.text).not.toMatch(/E_[A-Z_]+/);
  });
});
