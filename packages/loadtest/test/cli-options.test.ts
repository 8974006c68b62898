import { describe, expect, it } from 'vitest';
import { LoadtestErrorCode } from '../src/errors.js';
import { planFromFlags } from '../src/cli/parse-options.js';
import { buildProgram, type RawFlags } from '../src/cli/program.js';

function flags(args: string[]): { url: string; f: RawFlags } {
  const p = buildProgram().exitOverride();
  p.parse(args, { from: 'user' });
  return { url: p.args[0] ?? '', f: p.opts<RawFlags>() };
}
const plan = (args: string[]) => {
  const { url, f } = flags(args);
  return planFromFlags(url, f);
};

describe('CLI flags', () => {
  it('has defaults that make a small sensible run', () => {
    const p = plan(['http://127.0.0.1:3000']);
    expect(p.run).toMatchObject({
      url: 'http://127.0.0.1:3000',
      clients: 32,
      durationSeconds: 10,
      metricsUrl: 'http://127.0.0.1:3000/metrics',
    });
    expect(p.run.rooms).toEqual({
      kind: 'create',
      rooms: undefined,
      roomSize: 16,
      tickRate: 30,
      snapshotEvery: undefined,
    });
    expect(p.capacity).toBeNull();
    expect(p.run.netsim).toBeNull();
  });

  it('puts the bots behind a simulated network: --latency is the round trip, the rest default to 0', () => {
    expect(plan(['http://h', '--latency', '150', '--jitter', '20', '--loss', '2']).run.netsim).toEqual({
      rttMs: 150,
      jitterMs: 20,
      lossPercent: 2,
      bandwidthKBps: undefined,
    });
    expect(plan(['http://h', '--loss', '5']).run.netsim).toEqual({
      rttMs: 0,
      jitterMs: 0,
      lossPercent: 5,
      bandwidthKBps: undefined,
    });
    expect(plan(['http://h', '--latency', '80', '--bandwidth', '4.5']).run.netsim).toMatchObject({
      rttMs: 80,
      bandwidthKBps: 4.5,
    });
  });

  it('takes wss:// as https://, with --insecure, and fails on any failed connect unless told otherwise', () => {
    const strict = plan(['wss://arena.test:8443']);
    expect(strict.run).toMatchObject({ url: 'https://arena.test:8443', insecure: false });
    expect(strict.allowConnectFailures).toBe(0);
    const lax = plan(['wss://arena.test:8443', '--insecure', '--allow-connect-failures', '0.05']);
    expect(lax.run.insecure).toBe(true);
    expect(lax.allowConnectFailures).toBe(0.05);
  });

  it('accepts ws:// URLs, join codes, thresholds and capacity settings', () => {
    const p = plan([
      'ws://host:3000/socket.io',
      '--join',
      'abc234,XYZ789',
      '--assert',
      'gapP99<=50',
      '--no-metrics',
    ]);
    expect(p.run.url).toBe('http://host:3000');
    expect(p.run.rooms).toEqual({ kind: 'join', codes: ['ABC234', 'XYZ789'] });
    expect(p.run.metricsUrl).toBeNull();
    expect(p.thresholds).toHaveLength(1);
    const c = plan(['http://h', '--find-capacity', '--step', '100', '--max-clients', '900']);
    expect(c.capacity).toMatchObject({
      start: 100,
      step: 100,
      max: 900,
      repeats: 3,
      minDeliveredRatio: 0.99,
    });
  });

  it.each([
    [['http://h', '--clients', '0'], /--clients must be a whole number/],
    [['http://h', '--tick-rate', '500'], /--tick-rate must be a whole number from 10 to 128/],
    [['http://h', '-c', '100', '--rooms', '2'], /do not fit in --rooms 2/],
    [['http://h', '--join', 'nope'], /not a room code/],
    [['ftp://h'], /only http\(s\) and ws\(s\)/],
    [['not a url'], /is not a URL/],
    [['http://h', '--find-capacity', '--join', 'ABC234'], /cannot be combined/],
    [['http://h', '--latency', '-5'], /--latency must be a number from 0 to 5000/],
    [['http://h', '--latency', 'fast'], /--latency must be a number/],
    [['http://h', '--jitter', '2000'], /--jitter must be a number from 0 to 1000/],
    [['http://h', '--loss', '101'], /--loss must be a number from 0 to 100/],
    [['http://h', '--bandwidth', '0'], /--bandwidth must be a number from 1 to/],
    [['http://h', '--allow-connect-failures', '5'], /--allow-connect-failures must be a number from 0 to 1/],
  ])('rejects %j', (args, message) => {
    expect(() => plan(args)).toThrowError(message);
    expect(() => plan(args)).toThrowError(expect.objectContaining({ code: LoadtestErrorCode.BAD_FLAGS }));
  });
});
