import type { BotCounters } from '../worker/protocol.js';

/** The latest counters of every bot on one worker, stamped with the worker's clock. */
export interface WorkerCounters {
  at: number;
  bots: Map<number, BotCounters>;
}

export interface ClientRates {
  /** Bots in a room at both ends of the interval: the only ones whose rate is meaningful. */
  clients: number;
  meanRate: number | null;
  meanRatio: number | null;
  worstRate: number | null;
  nominalRate: number | null;
  missedPerClient: number | null;
  downPerClient: number | null;
  upPerClient: number | null;
  downTotal: number;
  upTotal: number;
  /** Mean payload bytes of a snapshot (the binary `tick` without framing), over the measured clients. */
  bytesPerSnapshot: number | null;
  /** Receiver counters of every bot over the interval (totals, not rates). */
  fullSnapshots: number;
  decodeErrors: number;
  desyncs: number;
  missingBaselines: number;
}

/**
 * Per-client delivered snapshot rate and traffic between two sets of worker counters. Each worker's own
 * timestamps give the elapsed time, so a report that arrived late does not skew the rate.
 */
export function ratesBetween(
  earlier: ReadonlyMap<number, WorkerCounters>,
  later: ReadonlyMap<number, WorkerCounters>,
): ClientRates {
  let clients = 0;
  let rateSum = 0;
  let ratioSum = 0;
  let worst = Infinity;
  let nominalSum = 0;
  let missedSum = 0;
  let down = 0;
  let up = 0;
  let downTotal = 0;
  let upTotal = 0;
  let snapshotCount = 0;
  let snapshotBytes = 0;
  let fullSnapshots = 0;
  let decodeErrors = 0;
  let desyncs = 0;
  let missingBaselines = 0;
  for (const [worker, end] of later) {
    const start = earlier.get(worker);
    if (!start) continue;
    const dt = (end.at - start.at) / 1000;
    if (dt <= 0) continue;
    for (const [id, b] of end.bots) {
      const a = start.bots.get(id);
      // Traffic counts for every bot that was running; rates only for bots in a room throughout.
      const inBytes = b.bytesIn - (a?.bytesIn ?? 0);
      const outBytes = b.bytesOut - (a?.bytesOut ?? 0);
      downTotal += inBytes / dt;
      upTotal += outBytes / dt;
      // Decoding trouble counts for every bot, whenever it happened.
      fullSnapshots += b.fullSnapshots - (a?.fullSnapshots ?? 0);
      decodeErrors += b.decodeErrors - (a?.decodeErrors ?? 0);
      desyncs += b.desyncs - (a?.desyncs ?? 0);
      missingBaselines += b.missingBaselines - (a?.missingBaselines ?? 0);
      if (!a || !a.joined || !b.joined || b.nominalRate <= 0) continue;
      const rate = (b.snapshots - a.snapshots) / dt;
      clients += 1;
      rateSum += rate;
      ratioSum += rate / b.nominalRate;
      nominalSum += b.nominalRate;
      worst = Math.min(worst, rate);
      missedSum += (b.missed - a.missed) / dt;
      down += inBytes / dt;
      up += outBytes / dt;
      snapshotCount += b.snapshots - a.snapshots;
      snapshotBytes += b.snapshotBytes - a.snapshotBytes;
    }
  }
  const per = (x: number) => (clients > 0 ? x / clients : null);
  return {
    clients,
    meanRate: per(rateSum),
    meanRatio: per(ratioSum),
    worstRate: clients > 0 ? worst : null,
    nominalRate: per(nominalSum),
    missedPerClient: per(missedSum),
    downPerClient: per(down),
    upPerClient: per(up),
    downTotal,
    upTotal,
    bytesPerSnapshot: snapshotCount > 0 ? snapshotBytes / snapshotCount : null,
    fullSnapshots,
    decodeErrors,
    desyncs,
    missingBaselines,
  };
}
