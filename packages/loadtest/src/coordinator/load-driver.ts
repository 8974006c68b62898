import type { Figures } from '../report/figures.js';
import type { TimelinePoint } from '../report/timeline.js';
import type { MetricsScraper } from './server-scrape.js';

/**
 * What a one-shot run and the capacity search drive: bots added by `rampTo`, windows measured by `measure`.
 * A LoadRun runs every bot in this process; a DistributedRun (`--agents`) spreads them over tester agents
 * and merges what they measured.
 */
export interface LoadDriver {
  readonly timeline: TimelinePoint[];
  readonly serverErrors: Record<string, number>;
  readonly scraper: MetricsScraper | null;
  readonly roomCount: number;
  /** Start bots until `target` have been started in all; resolves once each is in a room or failed. */
  rampTo(target: number): Promise<void>;
  /** Measure for `seconds` and return the figures of that window. */
  measure(seconds: number, label?: string): Promise<Figures>;
  /** Disconnect every bot and release the testers. */
  stop(): Promise<void>;
}
