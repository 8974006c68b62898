import type { Figures } from '../report/figures.js';
import type { TimelinePoint } from '../report/timeline.js';

/** Which way a figure gets better; `null`: neither (shown for context, never a regression). */
export type Better = 'lower' | 'higher' | null;

/**
 * How a figure's noise is known: from the per-second values of a timeline series in the compared windows,
 * `exact` for counts (any increase of errors is real), or `null` when the report holds no spread for it
 * (shown, not judged).
 */
export type Spread = ((p: TimelinePoint) => number | null) | 'exact' | null;

export interface ComparedFigure {
  key: string;
  label: string;
  unit: string;
  better: Better;
  value: (f: Figures) => number | null;
  spread: Spread;
  /** Smallest change that means anything at the figure's precision, in its unit. */
  resolution: number;
}

/**
 * The figures `compare` puts side by side, with their direction. Timeline series give the per-second
 * spread; a figure without its own series borrows the closest one (missed snapshots move with the
 * delivered rate) or is left unjudged (connect times: connects happen during the ramp, outside any window).
 */
export const COMPARED_FIGURES: readonly ComparedFigure[] = [
  {
    key: 'snapshotRate',
    label: 'delivered snapshot rate',
    unit: 'Hz',
    better: 'higher',
    value: (f) => f.snapshots.deliveredRate,
    spread: (p) => p.deliveredRate,
    resolution: 0.01,
  },
  {
    key: 'missedPerClient',
    label: 'missed snapshots per client',
    unit: '/s',
    better: 'lower',
    value: (f) => f.snapshots.missedPerClient,
    spread: (p) => p.deliveredRate,
    resolution: 0.01,
  },
  {
    key: 'worstSnapshotRate',
    label: 'worst client rate',
    unit: 'Hz',
    better: 'higher',
    value: (f) => f.snapshots.worstClientRate,
    spread: null,
    resolution: 0.01,
  },
  {
    key: 'gapP50',
    label: 'gap p50',
    unit: 'ms',
    better: 'lower',
    value: (f) => f.gapMs.p50,
    spread: (p) => p.gapP50,
    resolution: 0.1,
  },
  {
    key: 'gapP99',
    label: 'gap p99',
    unit: 'ms',
    better: 'lower',
    value: (f) => f.gapMs.p99,
    spread: (p) => p.gapP99,
    resolution: 0.1,
  },
  {
    key: 'ageP50',
    label: 'snapshot age p50',
    unit: 'ms',
    better: 'lower',
    value: (f) => f.ageMs.p50,
    spread: (p) => p.ageP50,
    resolution: 0.1,
  },
  {
    key: 'ageP99',
    label: 'snapshot age p99',
    unit: 'ms',
    better: 'lower',
    value: (f) => f.ageMs.p99,
    spread: (p) => p.ageP99,
    resolution: 0.1,
  },
  {
    key: 'ackP50',
    label: 'input -> ack p50',
    unit: 'ms',
    better: 'lower',
    value: (f) => f.ackMs.p50,
    spread: (p) => p.ackP50,
    resolution: 0.1,
  },
  {
    key: 'ackP99',
    label: 'input -> ack p99',
    unit: 'ms',
    better: 'lower',
    value: (f) => f.ackMs.p99,
    spread: (p) => p.ackP99,
    resolution: 0.1,
  },
  {
    key: 'bytesDown',
    label: 'down per client',
    unit: 'B/s',
    // Traffic moves with the delivered rate (a starved run receives less); the size of what is sent is
    // judged by bytes per snapshot. Shown, never a regression.
    better: null,
    value: (f) => f.bytes.downPerClient,
    spread: (p) => p.downPerClient,
    resolution: 1,
  },
  {
    key: 'bytesUp',
    label: 'up per client',
    unit: 'B/s',
    better: null,
    value: (f) => f.bytes.upPerClient,
    spread: (p) => p.upPerClient,
    resolution: 1,
  },
  {
    key: 'bytesPerSnapshot',
    label: 'bytes per snapshot',
    unit: 'B',
    better: 'lower',
    value: (f) => f.bytes.perSnapshot,
    spread: (p) => p.bytesPerSnapshot,
    resolution: 0.5,
  },
  {
    key: 'serverTickP50',
    label: 'server tick p50',
    unit: 'ms',
    better: 'lower',
    value: (f) => f.server?.tickMs.p50 ?? null,
    spread: (p) => p.serverTickP50,
    resolution: 0.01,
  },
  {
    key: 'serverTickP99',
    label: 'server tick p99',
    unit: 'ms',
    better: 'lower',
    value: (f) => f.server?.tickMs.p99 ?? null,
    spread: (p) => p.serverTickP99,
    resolution: 0.01,
  },
  {
    key: 'serverLoopDelayP99',
    label: 'server loop delay p99',
    unit: 'ms',
    better: 'lower',
    value: (f) => f.server?.eventLoopDelayMs.p99 ?? null,
    spread: (p) => p.serverLoopDelayP99,
    resolution: 0.1,
  },
  {
    key: 'serverCpu',
    label: 'server CPU',
    unit: '%',
    better: 'lower',
    value: (f) => f.server?.cpuPercent ?? null,
    spread: (p) => p.serverCpuPercent,
    resolution: 0.5,
  },
  {
    key: 'connectP99',
    label: 'connect + join p99',
    unit: 'ms',
    better: 'lower',
    value: (f) => f.clients.connectMs.p99,
    spread: null,
    resolution: 1,
  },
  {
    key: 'connectFailed',
    label: 'failed connects',
    unit: '',
    better: 'lower',
    value: (f) => f.clients.connectFailed,
    spread: 'exact',
    resolution: 0,
  },
  {
    key: 'disconnects',
    label: 'disconnects',
    unit: '',
    better: 'lower',
    value: (f) => f.clients.disconnects,
    spread: 'exact',
    resolution: 0,
  },
  {
    key: 'decodeErrors',
    label: 'decode errors',
    unit: '',
    better: 'lower',
    value: (f) => f.snapshots.decodeErrors,
    spread: 'exact',
    resolution: 0,
  },
  {
    key: 'desyncs',
    label: 'desyncs',
    unit: '',
    better: 'lower',
    value: (f) => f.snapshots.desyncs,
    spread: 'exact',
    resolution: 0,
  },
  {
    key: 'testerUtilisation',
    label: 'tester busiest worker',
    unit: '',
    better: null,
    value: (f) => f.tester.maxEventLoopUtilisation,
    spread: (p) => p.testerUtilisation,
    resolution: 0.01,
  },
];
