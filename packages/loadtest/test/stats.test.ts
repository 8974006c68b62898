import { describe, expect, it } from 'vitest';
import {
  createHistogram,
  decodeHistogram,
  encodeHistogram,
  mergeInto,
  recordMs,
  summarize,
} from '../src/stats/hdr.js';
import { median, medianOf } from '../src/stats/median.js';
import { bucketQuantile, bucketsOf, diffBuckets } from '../src/stats/prom-histogram.js';
import { parsePrometheusText, sumOf, valueOf } from '../src/stats/prometheus-text.js';

describe('HDR histogram helpers', () => {
  it('summarises recorded milliseconds to within 0.1%', () => {
    const h = createHistogram();
    for (let i = 1; i <= 1000; i++) recordMs(h, i / 10); // 0.1 .. 100 ms
    const s = summarize(h);
    expect(s.count).toBe(1000);
    expect(s.p50).toBeCloseTo(50, 0);
    expect(s.p99).toBeCloseTo(99, 0);
    expect(s.max).toBeCloseTo(100, 0);
    expect(Math.abs((s.p90 ?? 0) - 90) / 90).toBeLessThan(0.002);
  });

  it('reports nulls, not zeros, when nothing was recorded', () => {
    expect(summarize(createHistogram())).toEqual({
      count: 0,
      mean: null,
      p50: null,
      p90: null,
      p99: null,
      max: null,
    });
  });

  it('records negative clock-offset noise as zero and ignores NaN', () => {
    const h = createHistogram();
    recordMs(h, -3);
    recordMs(h, Number.NaN);
    expect(summarize(h)).toMatchObject({ count: 1, max: 0 });
  });

  it('survives an encode/decode round trip and merges exactly', () => {
    const a = createHistogram();
    const b = createHistogram();
    for (let i = 0; i < 500; i++) recordMs(a, 33.3);
    for (let i = 0; i < 500; i++) recordMs(b, 66.7);
    const merged = createHistogram();
    mergeInto(merged, decodeHistogram(encodeHistogram(a)));
    mergeInto(merged, decodeHistogram(encodeHistogram(b)));
    const s = summarize(merged);
    expect(s.count).toBe(1000);
    // HDR reports the top of the value's bucket: within 0.1% at 3 significant digits.
    expect(Math.abs((s.p50 ?? 0) - 33.3) / 33.3).toBeLessThan(0.001);
    expect(Math.abs((s.p99 ?? 0) - 66.7) / 66.7).toBeLessThan(0.001);
  });
});

describe('Prometheus text', () => {
  const text = [
    '# HELP t Tick.',
    '# TYPE t histogram',
    't_bucket{room="A",le="0.001"} 10',
    't_bucket{room="A",le="0.002"} 20',
    't_bucket{room="A",le="+Inf"} 20',
    't_bucket{room="B",le="0.001"} 0',
    't_bucket{room="B",le="0.002"} 10',
    't_bucket{room="B",le="+Inf"} 20',
    'players{kind="human",note="a \\"quoted\\" value"} 7',
    'players{kind="bot"} 3',
    'up 1 1700000000000',
    'garbage line here',
  ].join('\n');
  const samples = parsePrometheusText(text);

  it('parses names, labels with escapes, values and timestamps', () => {
    expect(valueOf(samples, 'players', { kind: 'human' })).toBe(7);
    expect(samples.find((s) => s.name === 'players')?.labels.note).toBe('a "quoted" value');
    expect(valueOf(samples, 'up')).toBe(1);
    expect(sumOf(samples, 'players')).toBe(10);
    expect(sumOf(samples, 'absent')).toBeNull();
  });

  it('sums the buckets of every label set by bound', () => {
    const b = bucketsOf(samples, 't');
    expect(b && [...b.entries()]).toEqual([
      [0.001, 10],
      [0.002, 30],
      [Infinity, 40],
    ]);
  });

  it('interpolates quantiles inside a bucket like histogram_quantile', () => {
    const b = new Map([
      [1, 50],
      [2, 90],
      [4, 100],
      [Infinity, 100],
    ]);
    expect(bucketQuantile(b, 0.5)).toBe(1);
    expect(bucketQuantile(b, 0.7)).toBeCloseTo(1.5);
    expect(bucketQuantile(b, 0.95)).toBeCloseTo(3);
    expect(bucketQuantile(new Map([[1, 0]]), 0.5)).toBeNull();
  });

  it('returns the highest finite bound for a quantile in the +Inf bucket', () => {
    expect(
      bucketQuantile(
        new Map([
          [1, 1],
          [Infinity, 10],
        ]),
        0.99,
      ),
    ).toBe(1);
  });

  it('takes the difference of two scrapes so only the window counts', () => {
    const early = new Map([
      [1, 100],
      [Infinity, 100],
    ]);
    const late = new Map([
      [1, 100],
      [Infinity, 200],
    ]);
    const d = diffBuckets(late, early);
    expect([...d.entries()]).toEqual([
      [1, 0],
      [Infinity, 100],
    ]);
    expect(bucketQuantile(d, 0.5)).toBe(1);
  });
});

describe('median', () => {
  it('is the middle value, or the mean of the middle two', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([null, undefined])).toBeNull();
  });

  it('takes field-by-field medians of same-shaped objects', () => {
    const m = medianOf([
      { a: 1, nested: { b: 10, c: null as number | null }, tag: 'x' },
      { a: 100, nested: { b: 30, c: 5 }, tag: 'y' },
      { a: 3, nested: { b: 20, c: 7 }, tag: 'z' },
    ]);
    expect(m).toEqual({ a: 3, nested: { b: 20, c: 6 }, tag: 'z' });
  });
});
