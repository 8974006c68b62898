import { describe, expect, it } from 'vitest';
import { SeatStore, type SeatStorage } from '../../src/app/seat-store.js';

function memoryStorage(): SeatStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

describe("a tab's seat across a reload", () => {
  it('remembers the room and token, and forgets them when cleared', () => {
    const storage = memoryStorage();
    const store = new SeatStore(() => storage);
    expect(store.load()).toBeNull();
    store.save({ code: 'ABC234', token: 'ABC234.secret-part' });
    // A new store over the same storage: what a reloaded page sees.
    expect(new SeatStore(() => storage).load()).toEqual({ code: 'ABC234', token: 'ABC234.secret-part' });
    store.clear();
    expect(store.load()).toBeNull();
  });

  it('ignores what it did not write, and a storage that throws', () => {
    const storage = memoryStorage();
    const store = new SeatStore(() => storage);
    storage.data.set('tick-arena:seat', '{not json');
    expect(store.load()).toBeNull();
    storage.data.set('tick-arena:seat', JSON.stringify({ code: 'ABC234', token: 5 }));
    expect(store.load()).toBeNull();
    const broken = new SeatStore(() => {
      throw new Error('SecurityError');
    });
    expect(broken.load()).toBeNull();
    expect(() => broken.save({ code: 'ABC234', token: 't' })).not.toThrow();
    expect(() => broken.clear()).not.toThrow();
  });
});
