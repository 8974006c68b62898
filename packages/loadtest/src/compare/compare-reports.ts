import type { Figures } from '../report/figures.js';
import type { CapacityStep, Report } from '../report/report.js';
import type { TimelinePoint } from '../report/timeline.js';
import { COMPARED_FIGURES, type Better } from './compared-figures.js';
import { beyondNoise, iqr, noiseBand } from './noise.js';

/** The verdict on one figure. `worse` is a regression beyond noise. */
export type Verdict = 'better' | 'worse' | 'changed' | 'within noise' | 'not judged';

export interface ComparedRow {
  key: string;
  label: string;
  unit: string;
  better: Better;
  before: number | null;
  after: number | null;
  /** after - before; `null` when either is missing. */
  delta: number | null;
  /** The noise band the change is judged against; `null` when unknown. */
  noise: number | null;
  /** A count with no noise: any change is real. */
  exact: boolean;
  verdict: Verdict;
}

/** One part of a report compared with the same part of the other: the run, the capacity, a rate, a phase. */
export interface ComparedBlock {
  id: string;
  rows: ComparedRow[];
}

export interface Comparison {
  blocks: ComparedBlock[];
  /** Differences of setup a reader should know about (tick rate, clients, transport...). */
  notes: string[];
  /** Rows judged worse beyond noise, as `block: label`. */
  regressions: string[];
  improvements: string[];
}

/** A part of a report with figures, the windows they were measured in, and its capacity when searched. */
interface Block {
  id: string;
  figures: Figures | null;
  windows: string[];
  capacity?: { value: number | null; step: number | null };
  tickRate: number | null;
  /** A sweep rate's cost per client-tick and the idle server CPU it leaves out. */
  cost?: { cpuPerClientTickUs: number | null; idleCpuPercent: number | null };
}

/** Clients added per step of a capacity search (its resolution), from the steps it made. */
function stepSize(steps: readonly CapacityStep[]): number | null {
  const [a, b] = steps;
  if (a && b) return b.clients - a.clients;
  return a ? a.clients : null;
}

/** Window labels of a step; reports written before steps carried them used `N clients #i`. */
function stepWindows(step: CapacityStep | undefined, prefix = ''): string[] {
  if (!step) return [];
  if (step.windows) return step.windows;
  return Array.from({ length: 9 }, (_, i) => `${prefix}${step.clients} clients #${i + 1}`);
}

/** The comparable parts of a report. */
export function blocksOf(r: Report): Block[] {
  if (r.sweep) {
    return r.sweep.map((e) => ({
      id: `${e.tickRate} Hz`,
      figures: e.figures,
      windows: e.windows,
      capacity: e.steps.length > 0 ? { value: e.capacity, step: stepSize(e.steps) } : undefined,
      tickRate: e.tickRate,
      cost: {
        cpuPerClientTickUs: e.serverCpuPerClientTickUs,
        idleCpuPercent: e.serverIdleCpuPercent ?? null,
      },
    }));
  }
  const rooms = r.config.rooms;
  const tickRate = rooms.kind === 'create' ? rooms.tickRate : null;
  if (r.scenario) {
    return r.scenario.phases.map((p) => ({
      id: `phase ${p.index} (${p.kind})`,
      figures: p.figures,
      windows: [p.window],
      tickRate,
    }));
  }
  if (r.capacity) {
    const c = r.capacity;
    const at = c.steps.find((s) => s.clients === c.capacity) ?? c.steps[0];
    return [
      {
        id: 'capacity search',
        figures: r.figures,
        windows: stepWindows(at),
        capacity: { value: c.capacity, step: stepSize(c.steps) },
        tickRate,
      },
    ];
  }
  return [{ id: 'measured window', figures: r.figures, windows: ['measured'], tickRate }];
}

function samples(
  timeline: readonly TimelinePoint[],
  windows: readonly string[],
  pick: (p: TimelinePoint) => number | null,
) {
  const set = new Set(windows);
  return timeline.filter((p) => p.window !== null && set.has(p.window)).map(pick);
}

function verdictOf(delta: number, noise: number, resolution: number, better: Better): Verdict {
  if (!beyondNoise(delta, noise, resolution)) return 'within noise';
  if (better === null) return 'changed';
  return delta < 0 === (better === 'lower') ? 'better' : 'worse';
}

function row(
  def: Omit<ComparedRow, 'before' | 'after' | 'delta' | 'noise' | 'verdict' | 'exact'>,
  before: number | null,
  after: number | null,
  noise: number | null,
  resolution: number,
): ComparedRow {
  const delta = before === null || after === null ? null : after - before;
  const verdict: Verdict =
    delta === null || noise === null ? 'not judged' : verdictOf(delta, noise, resolution, def.better);
  return { ...def, before, after, delta, noise, exact: resolution === 0 && noise === 0, verdict };
}

function compareBlock(b: Block, a: Block, before: Report, after: Report): ComparedBlock {
  const rows: ComparedRow[] = [];
  if (b.capacity || a.capacity) {
    const step = noiseBand(b.capacity?.step ?? null, a.capacity?.step ?? null);
    // A search where no step held found a capacity of 0 clients.
    const value = (c: Block['capacity']) => (c ? (c.value ?? 0) : null);
    rows.push(
      row(
        { key: 'capacity', label: 'capacity', unit: 'clients', better: 'higher' },
        value(b.capacity),
        value(a.capacity),
        step,
        0,
      ),
    );
  }
  if (b.cost && a.cost && b.tickRate !== null && b.tickRate === a.tickRate) {
    const rate = b.tickRate;
    // The per-second server CPU in the cost's windows, as cost per client-tick (what the sweep reports).
    const spreadOf = (r: Report, blk: Block) => {
      const clients = blk.figures?.clients.connected ?? 0;
      if (clients <= 0) return null;
      const idle = blk.cost?.idleCpuPercent ?? 0;
      const perSecond = (p: TimelinePoint) =>
        p.serverCpuPercent === null ? null : ((p.serverCpuPercent - idle) * 1e4) / (clients * rate);
      return iqr(samples(r.timeline, blk.windows, perSecond));
    };
    rows.push(
      row(
        { key: 'cpuPerClientTick', label: 'server CPU per client-tick', unit: 'µs', better: 'lower' },
        b.cost.cpuPerClientTickUs,
        a.cost.cpuPerClientTickUs,
        noiseBand(spreadOf(before, b), spreadOf(after, a)),
        0.01,
      ),
    );
  }
  for (const def of COMPARED_FIGURES) {
    const vb = b.figures ? def.value(b.figures) : null;
    const va = a.figures ? def.value(a.figures) : null;
    let noise: number | null = null;
    if (def.spread === 'exact') noise = 0;
    else if (def.spread !== null) {
      const pick = def.spread;
      noise = noiseBand(
        iqr(samples(before.timeline, b.windows, pick)),
        iqr(samples(after.timeline, a.windows, pick)),
      );
    }
    rows.push(
      row(
        { key: def.key, label: def.label, unit: def.unit, better: def.better },
        vb,
        va,
        noise,
        def.resolution,
      ),
    );
  }
  return { id: b.id, rows };
}

/**
 * Conditions the noise rule cannot see: the per-second spread measures how a run varied within itself, so a
 * run starved from start to end (a busy machine, a saturated tester) differs "beyond noise" from a healthy
 * one. Said here so that a reader repeats such a run instead of trusting the verdicts.
 */
function conditionNotes(name: string, r: Report): string[] {
  const notes: string[] = [];
  for (const b of blocksOf(r)) {
    const t = b.figures?.tester;
    if (!t) continue;
    const where = blocksOf(r).length > 1 ? ` (${b.id})` : '';
    if (t.saturated)
      notes.push(`the ${name} run's tester was saturated${where}: its figures may describe the tester`);
    if (t.machineCpuPercent !== null && t.machineCpuPercent >= BUSY_MACHINE_PERCENT)
      notes.push(
        `the machine was ${t.machineCpuPercent}% busy during the ${name} run${where}: repeat it on a quieter machine`,
      );
  }
  return notes;
}

/** Above this share of the whole machine busy, server and tester were competing for CPU. */
const BUSY_MACHINE_PERCENT = 90;

/** Setup differences that make a comparison less like-for-like. */
function notesOn(before: Report, after: Report): string[] {
  const notes: string[] = [...conditionNotes('first', before), ...conditionNotes('second', after)];
  const differ = (what: string, x: unknown, y: unknown) => {
    if (JSON.stringify(x) !== JSON.stringify(y))
      notes.push(`${what} differ: ${JSON.stringify(x ?? null)} -> ${JSON.stringify(y ?? null)}`);
  };
  const rb = before.config.rooms;
  const ra = after.config.rooms;
  if (!before.sweep && !after.sweep) {
    differ(
      'tick rates',
      rb.kind === 'create' ? rb.tickRate : null,
      ra.kind === 'create' ? ra.tickRate : null,
    );
    if (!before.capacity && !after.capacity)
      differ('client counts', before.config.clients, after.config.clients);
  }
  differ('room sizes', rb.kind === 'create' ? rb.roomSize : null, ra.kind === 'create' ? ra.roomSize : null);
  differ('bot transports', before.config.transport, after.config.transport);
  differ('simulated networks', before.config.netsim ?? null, after.config.netsim ?? null);
  differ('tester workers', before.config.workers, after.config.workers);
  return notes;
}

/**
 * Compare two reports figure by figure, part by part (the measured window, the capacity search, each swept
 * rate, each scenario phase), each change judged against the runs' noise (see noise.ts).
 */
export function compareReports(before: Report, after: Report): Comparison {
  const notes = notesOn(before, after);
  const afterBlocks = new Map(blocksOf(after).map((b) => [b.id, b]));
  const blocks: ComparedBlock[] = [];
  for (const b of blocksOf(before)) {
    const a = afterBlocks.get(b.id);
    if (!a) {
      notes.push(`${b.id}: only in the first report`);
      continue;
    }
    afterBlocks.delete(b.id);
    blocks.push(compareBlock(b, a, before, after));
  }
  for (const id of afterBlocks.keys()) notes.push(`${id}: only in the second report`);
  const named = (v: Verdict) =>
    blocks.flatMap((blk) => blk.rows.filter((r) => r.verdict === v).map((r) => `${blk.id}: ${r.label}`));
  return { blocks, notes, regressions: named('worse'), improvements: named('better') };
}
