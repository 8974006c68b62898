import type { Figures } from '../../src/report/figures.js';

const p = (p50: number, p99: number, max: number) => ({ count: 100, mean: p50, p50, p90: p50, p99, max });

/** Plausible figures of a healthy 30 Hz run, for tests of code that reads figures. */
export function sampleFigures(): Figures {
  return {
    windowSeconds: 10,
    clients: {
      target: 32,
      connected: 32,
      connectOk: 32,
      connectFailed: 0,
      connectFailures: {},
      disconnects: 0,
      disconnectReasons: {},
      connectMs: p(12, 40, 45),
    },
    snapshots: {
      nominalRate: 30,
      deliveredRate: 29.9,
      deliveredRatio: 0.997,
      worstClientRate: 29.5,
      missedPerClient: 0.1,
      fullSnapshots: 0,
      decodeErrors: 0,
      desyncs: 0,
      missingBaselines: 0,
    },
    gapMs: p(33.3, 41.2, 60),
    ageMs: p(1.2, 6, 9),
    ackMs: p(20, 45, 60),
    bytes: {
      downPerClient: 2_400,
      upPerClient: 1_200,
      downTotal: 76_800,
      upTotal: 38_400,
      perSnapshot: 62.5,
    },
    server: {
      tickMs: { p50: 0.5, p99: 2.1, max: 4 },
      eventLoopDelayMs: { p50: 0.3, p99: 3, max: 8 },
      tickOverruns: 0,
      ticksDropped: 0,
      rooms: 2,
      players: 32,
      cpuPercent: 20,
      rssBytes: 100e6,
      bytesSentPerSec: 650_000,
      bytesReceivedPerSec: 65_000,
      messagesSentPerSec: 960,
      messagesReceivedPerSec: 960,
    },
    tester: {
      workers: 1,
      cpuPercent: 15,
      machineCpuPercent: 40,
      maxEventLoopUtilisation: 0.2,
      eventLoopDelayP99Ms: 2,
      eventLoopDelayMaxMs: 5,
      saturated: false,
      reasons: [],
    },
  };
}
