import { LoadtestError, LoadtestErrorCode } from '../errors.js';
import type { Figures } from '../report/figures.js';

const OPERATORS = ['>=', '<=', '==', '>', '<'] as const;
type Operator = (typeof OPERATORS)[number];

/** One `--assert` condition, e.g. `gapP99<=50`. */
export interface Threshold {
  key: ThresholdKey;
  op: Operator;
  value: number;
}

export interface ThresholdResult extends Threshold {
  actual: number | null;
  ok: boolean;
}

/** Every figure a threshold can name, read from the figures of the measured window. */
const KEYS = {
  clients: (f: Figures) => f.clients.connected,
  connectFailed: (f: Figures) => f.clients.connectFailed,
  disconnects: (f: Figures) => f.clients.disconnects,
  connectP50: (f: Figures) => f.clients.connectMs.p50,
  connectP99: (f: Figures) => f.clients.connectMs.p99,
  snapshotRate: (f: Figures) => f.snapshots.deliveredRate,
  snapshotRatio: (f: Figures) => f.snapshots.deliveredRatio,
  worstSnapshotRate: (f: Figures) => f.snapshots.worstClientRate,
  gapP50: (f: Figures) => f.gapMs.p50,
  gapP90: (f: Figures) => f.gapMs.p90,
  gapP99: (f: Figures) => f.gapMs.p99,
  gapMax: (f: Figures) => f.gapMs.max,
  ageP50: (f: Figures) => f.ageMs.p50,
  ageP99: (f: Figures) => f.ageMs.p99,
  ackP50: (f: Figures) => f.ackMs.p50,
  ackP99: (f: Figures) => f.ackMs.p99,
  bytesDown: (f: Figures) => f.bytes.downPerClient,
  bytesUp: (f: Figures) => f.bytes.upPerClient,
  bytesPerSnapshot: (f: Figures) => f.bytes.perSnapshot,
  decodeErrors: (f: Figures) => f.snapshots.decodeErrors,
  desyncs: (f: Figures) => f.snapshots.desyncs,
  serverTickP50: (f: Figures) => f.server?.tickMs.p50 ?? null,
  serverTickP99: (f: Figures) => f.server?.tickMs.p99 ?? null,
  serverTickMax: (f: Figures) => f.server?.tickMs.max ?? null,
  serverLoopDelayP99: (f: Figures) => f.server?.eventLoopDelayMs.p99 ?? null,
  serverCpu: (f: Figures) => f.server?.cpuPercent ?? null,
  testerLoopDelayP99: (f: Figures) => f.tester.eventLoopDelayP99Ms,
  testerUtilisation: (f: Figures) => f.tester.maxEventLoopUtilisation,
} as const satisfies Record<string, (f: Figures) => number | null>;

export type ThresholdKey = keyof typeof KEYS;
export const THRESHOLD_KEYS = Object.keys(KEYS) as ThresholdKey[];

function isKey(k: string): k is ThresholdKey {
  return Object.hasOwn(KEYS, k);
}

/** Parse `"snapshotRate>=29.5,gapP99<=50"`. Throws a BAD_FLAGS error naming the bad part. */
export function parseThresholds(spec: string): Threshold[] {
  const out: Threshold[] = [];
  for (const raw of spec.split(',')) {
    const part = raw.trim();
    if (part === '') continue;
    const op = OPERATORS.find((o) => part.includes(o));
    if (!op) {
      throw new LoadtestError(
        LoadtestErrorCode.BAD_FLAGS,
        `--assert "${part}": expected NAME>=N, NAME<=N, NAME>N, NAME<N or NAME==N`,
      );
    }
    const [left, right] = part.split(op).map((s) => s.trim());
    if (!left || !isKey(left)) {
      throw new LoadtestError(
        LoadtestErrorCode.BAD_FLAGS,
        `--assert "${part}": unknown figure "${left ?? ''}"; known: ${THRESHOLD_KEYS.join(', ')}`,
      );
    }
    const value = Number(right);
    if (right === undefined || right === '' || !Number.isFinite(value)) {
      throw new LoadtestError(
        LoadtestErrorCode.BAD_FLAGS,
        `--assert "${part}": "${right ?? ''}" is not a number`,
      );
    }
    out.push({ key: left, op, value });
  }
  if (out.length === 0)
    throw new LoadtestError(LoadtestErrorCode.BAD_FLAGS, '--assert needs at least one condition');
  return out;
}

function holds(actual: number, op: Operator, value: number): boolean {
  switch (op) {
    case '>=':
      return actual >= value;
    case '<=':
      return actual <= value;
    case '>':
      return actual > value;
    case '<':
      return actual < value;
    case '==':
      return actual === value;
  }
}

/** Check each threshold against the figures. A figure that was not measured fails its threshold. */
export function evaluateThresholds(thresholds: readonly Threshold[], figures: Figures): ThresholdResult[] {
  return thresholds.map((t) => {
    const actual = KEYS[t.key](figures);
    return { ...t, actual, ok: actual !== null && holds(actual, t.op, t.value) };
  });
}

/** `gapP99<=50 (was 61.2)` for a failure listing. */
export function describeResult(r: ThresholdResult): string {
  const was = r.actual === null ? 'not measured' : `was ${Math.round(r.actual * 1000) / 1000}`;
  return `${r.key}${r.op}${r.value} (${was})`;
}
