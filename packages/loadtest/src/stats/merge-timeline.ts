import type { TimelinePoint } from '../report/timeline.js';

const sum = (xs: (number | null)[]) => xs.reduce<number>((a, b) => a + (b ?? 0), 0);

function max(xs: (number | null)[]): number | null {
  const present = xs.filter((x): x is number => x !== null);
  return present.length > 0 ? Math.max(...present) : null;
}

function weighted(points: TimelinePoint[], pick: (p: TimelinePoint) => number | null): number | null {
  let s = 0;
  let w = 0;
  for (const p of points) {
    const v = pick(p);
    if (v === null || p.clients <= 0) continue;
    s += v * p.clients;
    w += p.clients;
  }
  return w > 0 ? s / w : null;
}

/**
 * One second of a distributed run for the charts and the progress line: the coordinator's own point
 * (time, window, and the server's view, which only it scrapes) with the agents' latest points folded in.
 * Clients add up, per-client rates are weighted by clients, tester CPU adds up and its other figures are
 * the worst tester's. The gap, age and ack percentiles of a second are the worst tester's too: agents send
 * one point a second, not their histograms, so this is an upper bound; the measured windows' figures are
 * exact merges of the histograms (merge-figures.ts).
 */
export function mergeTimelinePoints(own: TimelinePoint, agents: TimelinePoint[]): TimelinePoint {
  const all = [own, ...agents];
  return {
    ...own,
    clients: sum(all.map((p) => p.clients)),
    target: sum(all.map((p) => p.target)),
    nominalRate: weighted(all, (p) => p.nominalRate),
    deliveredRate: weighted(all, (p) => p.deliveredRate),
    gapP50: max(all.map((p) => p.gapP50)),
    gapP99: max(all.map((p) => p.gapP99)),
    ageP50: max(all.map((p) => p.ageP50)),
    ageP99: max(all.map((p) => p.ageP99)),
    ackP50: max(all.map((p) => p.ackP50)),
    ackP99: max(all.map((p) => p.ackP99)),
    downPerClient: weighted(all, (p) => p.downPerClient),
    upPerClient: weighted(all, (p) => p.upPerClient),
    bytesPerSnapshot: weighted(all, (p) => p.bytesPerSnapshot),
    testerCpuPercent: all.some((p) => p.testerCpuPercent !== null)
      ? Math.round(sum(all.map((p) => p.testerCpuPercent)) * 10) / 10
      : null,
    testerUtilisation: max(all.map((p) => p.testerUtilisation)),
    testerLoopDelayP99: max(all.map((p) => p.testerLoopDelayP99)),
  };
}
