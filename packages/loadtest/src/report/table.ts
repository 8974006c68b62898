import { agentRows, testerSummary, testersLabel } from './agent-rows.js';
import { bytes, num, pct, percentiles } from './format.js';
import type { Figures } from './figures.js';
import { networkLabel } from './network-label.js';
import type { Report } from './report.js';
import { scenarioTable } from './scenario-view.js';
import { sweepTable } from './sweep-view.js';

/** Rows of label and value for one set of figures. */
export function figureRows(f: Figures): [string, string][] {
  const c = f.clients;
  const s = f.snapshots;
  const rows: [string, string][] = [
    [
      'clients in a room',
      `${c.connected} of ${c.target} (${c.connectFailed} failed to connect, ${c.disconnects} disconnected)`,
    ],
    ['connect + join, ms', percentiles(c.connectMs)],
    [
      'snapshot rate, Hz',
      `${num(s.deliveredRate, 2)} of ${num(s.nominalRate, 2)} (${pct(s.deliveredRatio)}); worst client ${num(s.worstClientRate, 2)}; missed ${num(s.missedPerClient, 2)}/s`,
    ],
    ['snapshot gap, ms', percentiles(f.gapMs)],
    ['snapshot age, ms', percentiles(f.ageMs)],
    ['input -> ack, ms', percentiles(f.ackMs)],
    ['per client per s', `down ${bytes(f.bytes.downPerClient)}  up ${bytes(f.bytes.upPerClient)}`],
    ['all clients per s', `down ${bytes(f.bytes.downTotal)}  up ${bytes(f.bytes.upTotal)}`],
    [
      'bytes per snapshot',
      `${bytes(f.bytes.perSnapshot)} payload; ${s.fullSnapshots} full, ${s.decodeErrors} decode errors, ` +
        `${s.desyncs} desyncs, ${s.missingBaselines} missing baselines`,
    ],
  ];
  const sv = f.server;
  if (sv) {
    const budget = s.nominalRate ? ` (tick budget ${num(1000 / s.nominalRate, 1)})` : '';
    rows.push(
      ['server tick, ms', `${percentiles(sv.tickMs, 2)}${budget}`],
      ['server event loop delay, ms', percentiles(sv.eventLoopDelayMs, 2)],
      [
        'server',
        `${num(sv.rooms, 0)} rooms, ${num(sv.players, 0)} players, CPU ${num(sv.cpuPercent)}%, RSS ${bytes(sv.rssBytes)}, ` +
          `${num(sv.messagesSentPerSec, 0)} msg/s out, ${bytes(sv.bytesSentPerSec)}/s out, overruns ${num(sv.tickOverruns, 0)}`,
      ],
    );
  } else {
    rows.push(['server', 'no metrics']);
  }
  const rc = f.reconnects;
  if (rc && rc.resumed + rc.failed > 0) {
    rows.push([
      'reconnects',
      `${rc.resumed} seats resumed, ${rc.failed} refused; drop -> resumed, ms ${percentiles(rc.resumeMs)}`,
    ]);
  }
  rows.push([f.agents ? 'testers, all together' : 'tester', testerSummary(f.tester)], ...agentRows(f));
  return rows;
}

function layout(rows: [string, string][]): string {
  const w = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `  ${k.padEnd(w)}  ${v}`).join('\n');
}

/** How the rooms were filled, for the first line of the table and of the HTML report. */
export function describeRooms(r: Report): string {
  const rooms = r.config.rooms;
  if (r.scenario) return `scenario "${r.scenario.name}", ${r.config.roomsUsed} rooms`;
  if (rooms.kind === 'join') return `joining ${rooms.codes.join(', ')}`;
  if (r.config.sweepTickRates)
    return `rooms of ${rooms.roomSize} at ${r.config.sweepTickRates.join(', ')} Hz (sweep)`;
  return `${r.config.roomsUsed} rooms of ${rooms.roomSize} at ${rooms.tickRate} Hz`;
}

/** The final text summary printed after a run. */
export function renderTable(r: Report): string {
  const out: string[] = [];
  const how = describeRooms(r);
  const bots = r.config.transport === 'lean' ? '' : ` (${r.config.transport} bots)`;
  out.push(
    `Tick Arena load test: ${r.target.url}, ${how}, ${r.config.workers} workers${bots}${testersLabel(r)}`,
  );
  const network = networkLabel(r.config.netsim);
  if (network) out.push(`Bots ${network}`);
  if (r.sweep) {
    out.push('');
    out.push(sweepTable(r.sweep));
  }
  if (r.scenario) {
    out.push('');
    out.push(scenarioTable(r.scenario));
    out.push('');
    out.push(`Figures of the peak phase (${r.scenario.peakPhase}):`);
  }
  if (r.capacity) {
    const cap = r.capacity;
    out.push('');
    out.push('  clients  held  delivered  gap p99  server tick p99  server loop p99  tester busy');
    for (const s of cap.steps) {
      const f = s.figures;
      out.push(
        `  ${String(s.clients).padStart(7)}  ${(s.held ? 'yes' : 'NO').padEnd(4)}  ${pct(f.snapshots.deliveredRatio).padStart(9)}  ${num(f.gapMs.p99).padStart(7)}  ${num(f.server?.tickMs.p99 ?? null, 2).padStart(15)}  ${num(f.server?.eventLoopDelayMs.p99 ?? null, 2).padStart(15)}  ${pct(f.tester.maxEventLoopUtilisation, 0).padStart(11)}`,
      );
    }
    out.push('');
    out.push(
      cap.capacity === null
        ? `Capacity: none (the first step already broke the SLO: ${cap.stoppedBecause})`
        : `Capacity: ${cap.capacity} clients held the SLO; stopped ${cap.stoppedBecause}${cap.testerLimited ? ' (tester-limited: a lower bound)' : ''}`,
    );
    if (cap.atCapacity) out.push(`Figures at ${cap.capacity} clients (medians of the step's windows):`);
  } else if (r.figures && !r.scenario) {
    out.push(`Measured ${num(r.figures.windowSeconds)} s after a ${r.config.warmupSeconds} s warm-up:`);
  }
  if (r.figures) out.push(layout(figureRows(r.figures)));
  for (const w of r.warnings) out.push(`! ${w}`);
  if (r.assertions) {
    const failed = r.assertions.filter((a) => !a.ok);
    out.push(
      failed.length === 0
        ? `Assertions: all ${r.assertions.length} passed`
        : `Assertions: ${failed.length} of ${r.assertions.length} failed`,
    );
  }
  return out.join('\n');
}
