import { monitorEventLoopDelay, performance, type EventLoopUtilization } from 'node:perf_hooks';
import type { WorkerHealth } from './protocol.js';

const RESOLUTION_MS = 10;

/**
 * Is this thread keeping up? Event-loop utilisation says how much of the time it was busy; event-loop delay
 * says how late its timers ran, which is exactly the error added to every gap and latency it measures.
 * `monitorEventLoopDelay` records the whole timer interval, so the resolution is subtracted.
 */
export class WorkerHealthMonitor {
  private readonly eld = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  private lastElu: EventLoopUtilization = performance.eventLoopUtilization();

  start(): void {
    this.eld.enable();
  }

  stop(): void {
    this.eld.disable();
  }

  /** Figures since the previous call. */
  take(): WorkerHealth {
    const elu = performance.eventLoopUtilization(this.lastElu);
    this.lastElu = performance.eventLoopUtilization();
    const ms = (ns: number) => (Number.isFinite(ns) && ns > 0 ? Math.max(0, ns / 1e6 - RESOLUTION_MS) : 0);
    const health: WorkerHealth = {
      elu: elu.utilization,
      eventLoopDelayP50Ms: ms(this.eld.percentile(50)),
      eventLoopDelayP99Ms: ms(this.eld.percentile(99)),
      eventLoopDelayMaxMs: ms(this.eld.max),
    };
    this.eld.reset();
    return health;
  }
}
