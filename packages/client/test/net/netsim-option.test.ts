import { NetsimErrorCode } from '@tick-arena/common';
import { describe, expect, it } from 'vitest';
import { netsimOption } from '../../src/net/netsim-option.js';

describe('netsimOption', () => {
  it('is off without the parameter', () => {
    expect(netsimOption('')).toEqual({ kind: 'off' });
    expect(netsimOption('?renderer=canvas')).toEqual({ kind: 'off' });
  });

  it('reads ?netsim=150,20,2 as RTT, jitter and loss', () => {
    expect(netsimOption('?renderer=canvas&netsim=150,20,2')).toEqual({
      kind: 'on',
      settings: { rttMs: 150, jitterMs: 20, lossPercent: 2, bandwidthKBps: undefined },
    });
  });

  it('reads an encoded comma and a bandwidth cap', () => {
    expect(netsimOption('?netsim=80%2C0%2C0%2C16')).toMatchObject({
      kind: 'on',
      settings: { bandwidthKBps: 16 },
    });
  });

  it('reports a value it cannot use, with its code', () => {
    expect(netsimOption('?netsim=150')).toMatchObject({
      kind: 'invalid',
      error: { code: NetsimErrorCode.FORMAT },
    });
    expect(netsimOption('?netsim=150,20,200')).toMatchObject({
      kind: 'invalid',
      text: '150,20,200',
      error: { code: NetsimErrorCode.RANGE },
    });
  });
});
