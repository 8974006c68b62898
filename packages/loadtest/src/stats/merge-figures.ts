import type { ClientRates } from '../coordinator/client-rates.js';
import type { Figures, ParticipantFigures, ServerFigures, TesterFigures } from '../report/figures.js';
import { createHistogram, decodeHistogram, mergeInto, summarize } from './hdr.js';

/** Who measured a share of a distributed run. */
export interface TesterIdentity {
  name: string;
  role: 'coordinator' | 'agent';
  host: string;
  pid: number;
}

/** A window's HDR histograms as `encodeHistogram` text: small enough for a Redis message whatever the count. */
export interface EncodedWindowHistograms {
  gap: string;
  age: string;
  ack: string;
  /** Connect + join times since the run started (like the single-tester report's). */
  connect: string;
}

/**
 * What one tester measured over a window, with what it takes to merge exactly: the histograms themselves
 * (percentiles cannot be averaged) and the rates with the number of clients they are means over.
 */
export interface WindowShare {
  who: TesterIdentity;
  figures: Figures;
  histograms: EncodedWindowHistograms;
  rates: ClientRates;
}

/** An agent that stopped answering: its bots (they died with it, or are no longer measured) count as dropped. */
export interface LostShare {
  who: TesterIdentity;
  /** Bots it had been asked to run. */
  target: number;
  reason: string;
  /** How it was doing when last heard of, if it was. */
  tester: TesterFigures | null;
}

/** Mean of `values` weighted by `weights`, skipping nulls; null when nothing weighs. */
function weightedMean(pairs: [number | null, number][]): number | null {
  let sum = 0;
  let weight = 0;
  for (const [v, w] of pairs) {
    if (v === null || !(w > 0)) continue;
    sum += v * w;
    weight += w;
  }
  return weight > 0 ? sum / weight : null;
}

const sumOf = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

function maxOrNull(xs: (number | null)[]): number | null {
  const present = xs.filter((x): x is number => x !== null);
  return present.length > 0 ? Math.max(...present) : null;
}

function addCounts(into: Record<string, number>, from: Record<string, number>): void {
  for (const [k, n] of Object.entries(from)) into[k] = (into[k] ?? 0) + n;
}

/**
 * Several testers as one: threads and CPU add up (100 = one core, over all processes), the rest is the
 * worst tester's, and the verdict is saturated when any one was, naming it.
 */
export function mergeTesters(parts: { name: string; tester: TesterFigures }[]): TesterFigures {
  const cpus = parts.map((p) => p.tester.cpuPercent).filter((x): x is number => x !== null);
  return {
    workers: sumOf(parts.map((p) => p.tester.workers)),
    cpuPercent: cpus.length > 0 ? Math.round(sumOf(cpus) * 10) / 10 : null,
    machineCpuPercent: maxOrNull(parts.map((p) => p.tester.machineCpuPercent)),
    maxEventLoopUtilisation: maxOrNull(parts.map((p) => p.tester.maxEventLoopUtilisation)),
    eventLoopDelayP99Ms: maxOrNull(parts.map((p) => p.tester.eventLoopDelayP99Ms)),
    eventLoopDelayMaxMs: maxOrNull(parts.map((p) => p.tester.eventLoopDelayMaxMs)),
    saturated: parts.some((p) => p.tester.saturated),
    reasons: parts.flatMap((p) => p.tester.reasons.map((r) => `${p.name}: ${r}`)),
  };
}

/** The disconnect reason a lost agent's bots are counted under. */
export const lostReason = (name: string) => `agent ${name} lost`;

/**
 * The figures of one window measured by several testers at once, as if one tester had run every bot:
 * histograms merged (exact: the percentiles are those of all samples together), counts summed, per-client
 * means weighted by the clients each is a mean over, the worst client the worst of all. The server's view
 * comes from the one tester that scraped `/metrics` (the coordinator). A lost agent's bots count as started
 * and dropped, so a capacity step with a lost agent breaks the SLO and a one-shot run shows the hole.
 */
export function mergeWindows(
  shares: WindowShare[],
  lost: LostShare[],
  server: ServerFigures | null,
  windowSeconds: number,
): Figures {
  const hist = {
    gap: createHistogram(),
    age: createHistogram(),
    ack: createHistogram(),
    connect: createHistogram(),
  };
  for (const s of shares) {
    for (const k of ['gap', 'age', 'ack', 'connect'] as const)
      mergeInto(hist[k], decodeHistogram(s.histograms[k]));
  }
  const connectFailures: Record<string, number> = {};
  const disconnectReasons: Record<string, number> = {};
  for (const s of shares) {
    addCounts(connectFailures, s.figures.clients.connectFailures);
    addCounts(disconnectReasons, s.figures.clients.disconnectReasons);
  }
  for (const l of lost)
    if (l.target > 0) addCounts(disconnectReasons, { [lostReason(l.who.name)]: l.target });
  const rates = shares.map((s) => s.rates);
  const perClient = (pick: (r: ClientRates) => number | null) =>
    weightedMean(rates.map((r) => [pick(r), r.clients]));
  const worst = rates.map((r) => r.worstRate).filter((x): x is number => x !== null);
  const sumFig = (pick: (f: Figures) => number) => sumOf(shares.map((s) => pick(s.figures)));
  const participants: ParticipantFigures[] = [
    ...shares.map((s) => ({
      ...s.who,
      clients: { target: s.figures.clients.target, connected: s.figures.clients.connected },
      deliveredRatio: s.figures.snapshots.deliveredRatio,
      gapP99Ms: s.figures.gapMs.p99,
      gapSamples: s.figures.gapMs.count,
      tester: s.figures.tester,
      lost: null,
    })),
    ...lost.map((l) => ({
      ...l.who,
      clients: { target: l.target, connected: 0 },
      deliveredRatio: null,
      gapP99Ms: null,
      gapSamples: 0,
      tester: l.tester ?? emptyTester(),
      lost: l.reason,
    })),
  ];
  return {
    windowSeconds,
    clients: {
      target: sumFig((f) => f.clients.target) + sumOf(lost.map((l) => l.target)),
      connected: sumFig((f) => f.clients.connected),
      connectOk: sumFig((f) => f.clients.connectOk),
      connectFailed: sumFig((f) => f.clients.connectFailed),
      connectFailures,
      disconnects: sumOf(Object.values(disconnectReasons)),
      disconnectReasons,
      connectMs: summarize(hist.connect),
    },
    snapshots: {
      nominalRate: perClient((r) => r.nominalRate),
      deliveredRate: perClient((r) => r.meanRate),
      deliveredRatio: perClient((r) => r.meanRatio),
      worstClientRate: worst.length > 0 ? Math.min(...worst) : null,
      missedPerClient: perClient((r) => r.missedPerClient),
      fullSnapshots: sumFig((f) => f.snapshots.fullSnapshots),
      decodeErrors: sumFig((f) => f.snapshots.decodeErrors),
      desyncs: sumFig((f) => f.snapshots.desyncs),
      missingBaselines: sumFig((f) => f.snapshots.missingBaselines),
    },
    gapMs: summarize(hist.gap),
    ageMs: summarize(hist.age),
    ackMs: summarize(hist.ack),
    bytes: {
      downPerClient: perClient((r) => r.downPerClient),
      upPerClient: perClient((r) => r.upPerClient),
      downTotal: sumOf(rates.map((r) => r.downTotal)),
      upTotal: sumOf(rates.map((r) => r.upTotal)),
      // Weighted by snapshots received per second, the count the mean payload is over.
      perSnapshot: weightedMean(rates.map((r) => [r.bytesPerSnapshot, (r.meanRate ?? 0) * r.clients])),
    },
    server,
    tester: mergeTesters(participants.map((p) => ({ name: p.name, tester: p.tester }))),
    agents: participants,
  };
}

function emptyTester(): TesterFigures {
  return {
    workers: 0,
    cpuPercent: null,
    machineCpuPercent: null,
    maxEventLoopUtilisation: null,
    eventLoopDelayP99Ms: null,
    eventLoopDelayMaxMs: null,
    saturated: false,
    reasons: [],
  };
}
