import { describe, expect, it } from 'vitest';
import { NetsimErrorCode, formatNetsim, linksOf, parseNetsim } from '../../src/index.js';

function codeOf(text: string): string | null {
  const r = parseNetsim(text);
  return r.ok ? null : r.error.code;
}

describe('parseNetsim', () => {
  it('reads rtt, jitter and loss', () => {
    expect(parseNetsim('150,20,2')).toEqual({
      ok: true,
      value: { rttMs: 150, jitterMs: 20, lossPercent: 2, bandwidthKBps: undefined },
    });
  });

  it('reads an optional bandwidth cap, decimals and spaces', () => {
    expect(parseNetsim(' 80 , 0, 0.5 ,16 ')).toEqual({
      ok: true,
      value: { rttMs: 80, jitterMs: 0, lossPercent: 0.5, bandwidthKBps: 16 },
    });
  });

  it.each([
    '',
    '150',
    '150,20',
    '150,20,2,16,1',
    '150,,2',
    'a,b,c',
    '150,20,-2',
    '0x10,0,0',
    '1e3,0,0',
    '150;20;2',
  ])('refuses "%s" as malformed', (text) => {
    expect(codeOf(text)).toBe(NetsimErrorCode.FORMAT);
  });

  it.each(['5001,0,0', '150,1001,0', '150,20,100.5', '150,20,2,0', '150,20,2,0.5', '150,20,2,2000000'])(
    'refuses "%s" as out of range, naming the field',
    (text) => {
      const r = parseNetsim(text);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe(NetsimErrorCode.RANGE);
        expect(r.error.message).toMatch(/rtt|jitter|loss|bandwidth/);
      }
    },
  );

  it('accepts the bounds themselves', () => {
    expect(parseNetsim('5000,1000,100,1').ok).toBe(true);
    expect(parseNetsim('0,0,0').ok).toBe(true);
  });
});

describe('linksOf', () => {
  it('splits the round trip evenly and keeps jitter, loss and cap per direction', () => {
    const { up, down } = linksOf({ rttMs: 150, jitterMs: 20, lossPercent: 5, bandwidthKBps: 16 });
    expect(up).toEqual({ latencyMs: 75, jitterMs: 20, loss: 0.05, bandwidth: 16_000 });
    expect(down).toEqual(up);
  });
});

describe('formatNetsim', () => {
  it('labels a setting compactly', () => {
    expect(formatNetsim({ rttMs: 150, jitterMs: 20, lossPercent: 2 })).toBe('150/20/2%');
    expect(formatNetsim({ rttMs: 150, jitterMs: 20, lossPercent: 2, bandwidthKBps: 16 })).toBe(
      '150/20/2% 16KB/s',
    );
  });
});
