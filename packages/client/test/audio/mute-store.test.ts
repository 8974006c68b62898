import { describe, expect, it } from 'vitest';
import { loadMuted, saveMuted } from '../../src/audio/mute-store.js';

function memory(): Pick<Storage, 'getItem' | 'setItem'> {
  const m = new Map<string, string>();
  return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => void m.set(k, v) };
}

describe('mute store', () => {
  it('remembers the choice', () => {
    const s = memory();
    expect(loadMuted(s)).toBe(false);
    saveMuted(true, s);
    expect(loadMuted(s)).toBe(true);
    saveMuted(false, s);
    expect(loadMuted(s)).toBe(false);
  });

  it('reads a storage that throws, or none, as not muted, and never throws on save', () => {
    const broken = {
      getItem: (): string | null => {
        throw new Error('SecurityError');
      },
      setItem: (): void => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(loadMuted(broken)).toBe(false);
    expect(() => saveMuted(true, broken)).not.toThrow();
    expect(loadMuted(null)).toBe(false);
  });
});
