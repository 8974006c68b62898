import type { Report } from '../../src/report/report.js';
import type { TimelinePoint } from '../../src/report/timeline.js';
import { sampleFigures } from './sample-figures.js';

/** A second of a healthy 30 Hz run, for timelines built by tests. */
export function samplePoint(t: number, window: string | null): TimelinePoint {
  return {
    t,
    clients: 32,
    target: 32,
    nominalRate: 30,
    deliveredRate: 29.9,
    gapP50: 33.3,
    gapP99: 40,
    ageP50: 1,
    ageP99: 5,
    ackP50: 20,
    ackP99: 40,
    downPerClient: 2_400,
    upPerClient: 1_200,
    bytesPerSnapshot: 62.5,
    serverTickP50: 0.5,
    serverTickP99: 2,
    serverLoopDelayP99: 3,
    serverCpuPercent: 20,
    testerCpuPercent: 15,
    testerUtilisation: 0.2,
    testerLoopDelayP99: 2,
    window,
  };
}

/**
 * A one-shot report whose measured window has one timeline point per given value of each series (the
 * per-second spread `compare` reads), after two seconds of ramp outside the window.
 */
export function sampleReport(
  series: Partial<Record<keyof TimelinePoint, number[]>> = {},
  seconds = 10,
): Report {
  const timeline: TimelinePoint[] = [samplePoint(1, null), samplePoint(2, null)];
  for (let i = 0; i < seconds; i++) {
    const p = samplePoint(3 + i, 'measured');
    for (const [k, values] of Object.entries(series)) {
      const v = values[i % values.length];
      if (v !== undefined) (p as unknown as Record<string, number>)[k] = v;
    }
    timeline.push(p);
  }
  return {
    tool: 'tick-arena-loadtest',
    reportVersion: 1,
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:00:12.000Z',
    target: {
      url: 'http://127.0.0.1:3000',
      metricsUrl: 'http://127.0.0.1:3000/metrics',
      serverMetrics: true,
    },
    config: {
      clients: 32,
      rooms: { kind: 'create', rooms: undefined, roomSize: 16, tickRate: 30, snapshotEvery: undefined },
      roomsUsed: 2,
      rampPerSecond: 100,
      warmupSeconds: 2,
      durationSeconds: seconds,
      workers: 1,
      transport: 'lean',
      netsim: null,
    },
    figures: sampleFigures(),
    timeline,
    capacity: null,
    assertions: null,
    serverErrors: {},
    warnings: [],
  };
}
