import type { RunOptions } from '../options.js';
import type { Report } from './report.js';

/** What a sweep or scenario report says about its target and settings (the one-shot run writes its own). */
export function reportHeader(
  run: RunOptions,
  extra: { clients: number; roomsUsed: number; durationSeconds: number; serverMetrics: boolean },
): Pick<Report, 'tool' | 'reportVersion' | 'target' | 'config'> {
  return {
    tool: 'tick-arena-loadtest',
    reportVersion: 1,
    target: { url: run.url, metricsUrl: run.metricsUrl, serverMetrics: extra.serverMetrics },
    config: {
      clients: extra.clients,
      rooms: run.rooms,
      roomsUsed: extra.roomsUsed,
      rampPerSecond: run.rampPerSecond,
      warmupSeconds: run.warmupSeconds,
      durationSeconds: extra.durationSeconds,
      workers: run.workers,
      transport: run.transport,
      netsim: run.netsim ?? null,
    },
  };
}
