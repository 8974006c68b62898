import { describe, expect, it } from 'vitest';
import { LoadtestError } from '../src/errors.js';
import { describeResult, evaluateThresholds, parseThresholds } from '../src/stats/thresholds.js';
import { sampleFigures } from './support/sample-figures.js';

describe('--assert thresholds', () => {
  it('parses every operator', () => {
    expect(parseThresholds('snapshotRate>=29.5, gapP99<=50,clients>1,ackP99<100,connectFailed==0')).toEqual([
      { key: 'snapshotRate', op: '>=', value: 29.5 },
      { key: 'gapP99', op: '<=', value: 50 },
      { key: 'clients', op: '>', value: 1 },
      { key: 'ackP99', op: '<', value: 100 },
      { key: 'connectFailed', op: '==', value: 0 },
    ]);
  });

  it('rejects an unknown figure with a BAD_FLAGS error listing the known ones', () => {
    expect(() => parseThresholds('speed>=3')).toThrowError(/unknown figure "speed".*snapshotRate/);
    try {
      parseThresholds('speed>=3');
    } catch (err) {
      expect(err).toBeInstanceOf(LoadtestError);
      expect((err as LoadtestError).code).toBe('BAD_FLAGS');
    }
  });

  it('rejects a missing operator or a non-number', () => {
    expect(() => parseThresholds('gapP99')).toThrowError(/expected NAME>=N/);
    expect(() => parseThresholds('gapP99<=fast')).toThrowError(/not a number/);
    expect(() => parseThresholds(' , ')).toThrowError(/at least one/);
  });

  it('passes and fails against measured figures', () => {
    const f = sampleFigures();
    const r = evaluateThresholds(parseThresholds('snapshotRate>=29.5,gapP99<=30,serverTickP99<=8'), f);
    expect(r.map((x) => x.ok)).toEqual([true, false, true]);
    expect(describeResult(r[1]!)).toBe('gapP99<=30 (was 41.2)');
  });

  it('checks the snapshot payload and the decoders’ counters', () => {
    const f = sampleFigures();
    f.snapshots.desyncs = 2;
    const r = evaluateThresholds(parseThresholds('bytesPerSnapshot<=100,decodeErrors==0,desyncs==0'), f);
    expect(r.map((x) => [x.actual, x.ok])).toEqual([
      [62.5, true],
      [0, true],
      [2, false],
    ]);
  });

  it('fails a threshold on a figure that was not measured', () => {
    const f = { ...sampleFigures(), server: null };
    const [r] = evaluateThresholds(parseThresholds('serverTickP99<=8'), f);
    expect(r?.ok).toBe(false);
    expect(describeResult(r!)).toBe('serverTickP99<=8 (not measured)');
  });
});
