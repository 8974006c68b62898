import { ErrorCode } from '@tick-arena/common';
import type { Figures } from './figures.js';

const HINTS: Record<string, string> = {
  [ErrorCode.TOO_MANY_CONNECTIONS]:
    'the server caps connections per IP: start it with MAX_CONNECTIONS_PER_IP=0',
  [ErrorCode.SERVER_FULL]: 'the server reached MAX_PLAYERS or MAX_ROOMS',
};

const list = (r: Record<string, number>) =>
  Object.entries(r)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} x${n}`)
    .join(', ');

/** Things a reader must know before trusting the figures, most serious first. */
export function warningsFor(
  figures: Figures | null,
  metrics: { url: string | null; reachable: boolean | null; error: string | null },
): string[] {
  const out: string[] = [];
  if (!figures) return out;
  const t = figures.tester;
  if (t.saturated) {
    out.push(
      `The tester itself was saturated (${t.reasons.join('; ')}): these figures may describe the tester, not the server. ` +
        'Use more --workers, fewer clients, or run the tester on another machine.',
    );
  }
  if (t.machineCpuPercent !== null && t.machineCpuPercent >= 95) {
    out.push(
      `The machine was ${t.machineCpuPercent}% busy: server and tester compete for CPU if they share it.`,
    );
  }
  for (const a of figures.agents ?? []) {
    if (a.lost !== null)
      out.push(
        `Agent ${a.name} was lost (${a.lost}): its ${a.clients.target} bots count as dropped, and the figures are the other testers' only.`,
      );
  }
  const c = figures.clients;
  if (c.connectFailed > 0) {
    const hints = Object.keys(c.connectFailures)
      .map((k) => HINTS[k])
      .filter((h): h is string => h !== undefined);
    out.push(
      `${c.connectFailed} of ${c.target} clients could not connect or join (${list(c.connectFailures)})${hints.length > 0 ? `: ${hints.join('; ')}` : ''}.`,
    );
  }
  if (c.disconnects > 0)
    out.push(`${c.disconnects} clients were disconnected (${list(c.disconnectReasons)}).`);
  const s = figures.snapshots;
  if (s.decodeErrors > 0 || s.desyncs > 0 || s.missingBaselines > 0) {
    out.push(
      `Clients could not use every snapshot: ${s.decodeErrors} decode errors, ${s.desyncs} desyncs ` +
        `(state hash mismatches), ${s.missingBaselines} deltas against a baseline they did not hold. ` +
        'A player would see the same: the server (or the tester) encodes or decodes snapshots wrongly.',
    );
  }
  const ratio = figures.snapshots.deliveredRatio;
  if (ratio !== null && ratio < 0.99) {
    out.push(`Clients received ${(ratio * 100).toFixed(1)}% of the nominal snapshot rate.`);
  }
  if (metrics.url && !metrics.reachable) {
    out.push(
      `Server metrics were not available at ${metrics.url} (${metrics.error ?? 'no answer'}): server-side figures are missing.`,
    );
  }
  return out;
}
