import { num, pct } from './format.js';
import type { Figures, TesterFigures } from './figures.js';
import type { Report } from './report.js';

/** `1 workers, CPU 30.2%, busiest worker 31%, loop delay p99 3.1 ms, machine 80.0% -> ok`. */
export function testerSummary(t: TesterFigures): string {
  return (
    `${t.workers} workers, CPU ${num(t.cpuPercent)}%, busiest worker ${pct(t.maxEventLoopUtilisation, 0)}, loop delay p99 ${num(t.eventLoopDelayP99Ms)} ms, ` +
    `machine ${num(t.machineCpuPercent)}% -> ${t.saturated ? 'SATURATED' : 'ok'}`
  );
}

/**
 * One row per tester of a distributed run (`--agents`): its bots, what they received, and its own
 * saturation, so one overloaded agent is seen for what it is. None in a single-tester run.
 */
export function agentRows(f: Figures): [string, string][] {
  return (f.agents ?? []).map((a) => {
    const label = a.role === 'coordinator' ? '  coordinator' : `  agent ${a.name}`;
    if (a.lost !== null)
      return [
        label,
        `LOST: ${a.lost}; its ${a.clients.target} bots count as dropped (pid ${a.pid} on ${a.host})`,
      ];
    return [
      label,
      `${a.clients.connected} of ${a.clients.target} bots, delivered ${pct(a.deliveredRatio)}, gap p99 ${num(a.gapP99Ms)} ms; ` +
        `${testerSummary(a.tester)} (pid ${a.pid} on ${a.host})`,
    ];
  });
}

/** `, 3 testers (this one and 2 agents via redis://host:6379)`, or '' for a single-tester run. */
export function testersLabel(r: Report): string {
  const a = r.agents;
  if (!a) return '';
  const agents = a.testers.length - 1;
  return `, ${a.testers.length} testers (this one and ${agents} agent${agents === 1 ? '' : 's'} via ${a.redis})`;
}
