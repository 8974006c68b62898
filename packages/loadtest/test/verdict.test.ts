import { describe, expect, it } from 'vitest';
import { verdict } from '../src/cli/verdict.js';
import { ExitCode } from '../src/errors.js';
import type { Figures } from '../src/report/figures.js';
import type { CapacityResult, Report } from '../src/report/report.js';
import type { ThresholdResult } from '../src/stats/thresholds.js';
import { sampleFigures } from './support/sample-figures.js';

/** A finished fixed-size run of 50 bots, `ok` of which got into a room and `failed` were refused. */
function run(ok: number, failed: Record<string, number> = {}, assertions: ThresholdResult[] | null = null) {
  const f: Figures = sampleFigures();
  const refused = Object.values(failed).reduce((a, b) => a + b, 0);
  f.clients = { ...f.clients, target: 50, connected: ok, connectOk: ok, connectFailed: refused };
  f.clients.connectFailures = failed;
  return report(f, null, assertions);
}

function report(
  figures: Figures | null,
  capacity: CapacityResult | null,
  assertions: ThresholdResult[] | null,
) {
  return { figures, capacity, assertions } as Pick<Report, 'figures' | 'capacity' | 'assertions'> as Report;
}

const rules = (allowConnectFailures = 0, thresholdsGiven = false) => ({
  allowConnectFailures,
  thresholdsGiven,
});
const gapFailed: ThresholdResult = { key: 'gapP99', op: '<=', value: 50, actual: 61.2, ok: false };
const rateHeld: ThresholdResult = { key: 'snapshotRate', op: '>=', value: 29, actual: 29.9, ok: true };

describe('the verdict of a finished run', () => {
  it('passes when every bot got into a room, on stdout', () => {
    expect(verdict(run(50), rules())).toEqual({
      code: ExitCode.OK,
      line: 'passed: 50 of 50 clients connected',
      stream: 'stdout',
    });
    expect(verdict(run(50, {}, [rateHeld]), rules(0, true)).line).toBe(
      'passed: 50 of 50 clients connected; 1 assertion(s) held',
    );
  });

  it('fails (exit 1) when one bot of 50 was refused, naming the reasons', () => {
    const v = verdict(run(32, { E_TOO_MANY_CONNECTIONS: 17, timeout: 1 }), rules());
    expect(v).toEqual({
      code: ExitCode.ASSERT_FAILED,
      line:
        '18 of 50 clients failed to connect (E_TOO_MANY_CONNECTIONS x17, timeout x1); ' +
        'none allowed (see --allow-connect-failures)',
      stream: 'stderr',
    });
    expect(verdict(run(49, { timeout: 1 }), rules()).code).toBe(ExitCode.ASSERT_FAILED);
  });

  it('counts bots that never got an answer as failed', () => {
    expect(verdict(run(45, { timeout: 2 }), rules()).line).toMatch(
      /^5 of 50 clients failed to connect \(no answer x3, timeout x2\)/,
    );
  });

  it('tolerates failed connects up to --allow-connect-failures, and not one more', () => {
    expect(verdict(run(45, { timeout: 5 }), rules(0.1)).code).toBe(ExitCode.OK);
    const over = verdict(run(44, { timeout: 6 }), rules(0.1));
    expect(over.code).toBe(ExitCode.ASSERT_FAILED);
    expect(over.line).toMatch(/more than --allow-connect-failures 0.1 allows$/);
  });

  it('puts failed connects and failed assertions on one line', () => {
    const v = verdict(run(40, { timeout: 10 }, [gapFailed, rateHeld]), rules(0, true));
    expect(v.code).toBe(ExitCode.ASSERT_FAILED);
    expect(v.line).toBe(
      '10 of 50 clients failed to connect (timeout x10); none allowed (see --allow-connect-failures); ' +
        '1 assertion(s) failed: gapP99<=50 (was 61.2)',
    );
    expect(v.line).not.toContain('\n');
  });

  it('fails when thresholds were given but nothing was measured', () => {
    expect(verdict(report(null, null, null), rules(0, true))).toMatchObject({
      code: ExitCode.ASSERT_FAILED,
      line: 'assertion failed: nothing was measured',
    });
  });

  it('leaves failed connects of a capacity search to its SLO, but fails a search where no step held', () => {
    const f = sampleFigures();
    f.clients = { ...f.clients, target: 100, connectOk: 80, connectFailed: 20 };
    const found: CapacityResult = {
      capacity: 50,
      atCapacity: f,
      stoppedBecause: 'at 100 clients: 20 clients failed to connect or were dropped',
      testerLimited: false,
      steps: [],
    };
    expect(verdict(report(f, found, null), rules())).toMatchObject({
      code: ExitCode.OK,
      line: 'passed: capacity 50 clients',
    });
    const none = { ...found, capacity: null, atCapacity: null };
    expect(verdict(report(f, none, null), rules())).toEqual({
      code: ExitCode.ASSERT_FAILED,
      line: 'capacity search: not even the first step held (at 100 clients: 20 clients failed to connect or were dropped)',
      stream: 'stderr',
    });
  });
});
