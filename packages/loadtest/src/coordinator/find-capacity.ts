import type { CapacityOptions } from '../options.js';
import type { Figures } from '../report/figures.js';
import type { CapacityResult, CapacityStep } from '../report/report.js';
import { medianOf } from '../stats/median.js';
import type { LoadDriver } from './load-driver.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * SLO violations in one step's figures: delivered snapshot rate under `minDeliveredRatio` of nominal,
 * server tick p99 over `maxTickBudgetFraction` of the tick period, clients lost, or a saturated tester.
 * `tickRate` is the rooms' tick rate (the budget is its period); `newFailures` counts connects that failed
 * and clients dropped since the previous step.
 */
export function sloViolations(
  f: Figures,
  c: CapacityOptions,
  tickRate: number | null,
  newFailures: number,
): string[] {
  const out: string[] = [];
  const ratio = f.snapshots.deliveredRatio;
  if (ratio === null) out.push('no client received snapshots');
  else if (ratio < c.minDeliveredRatio) {
    out.push(
      `delivered snapshot rate ${(ratio * 100).toFixed(1)}% of nominal < ${c.minDeliveredRatio * 100}%`,
    );
  }
  const p99 = f.server?.tickMs.p99 ?? null;
  if (p99 !== null && tickRate) {
    const limit = (1000 / tickRate) * c.maxTickBudgetFraction;
    if (p99 > limit)
      out.push(
        `server tick p99 ${p99.toFixed(2)} ms > ${limit.toFixed(2)} ms (${c.maxTickBudgetFraction} of the tick budget)`,
      );
  }
  if (newFailures > 0) out.push(`${newFailures} clients failed to connect or were dropped`);
  if (f.tester.saturated) out.push(`tester saturated: ${f.tester.reasons.join('; ')}`);
  return out;
}

/**
 * Add clients step by step until the SLO breaks. Each step ramps to its count, settles, then measures
 * `repeats` windows and judges their medians, so one window spoiled by a noisy neighbour neither ends the
 * search early nor lets a bad step pass. `labelPrefix` starts every window's label (a sweep puts the tick
 * rate there, so the timeline tells the rates apart).
 */
export async function findCapacity(
  run: Pick<LoadDriver, 'rampTo' | 'measure'>,
  c: CapacityOptions,
  tickRate: number | null,
  onStep?: (step: CapacityStep) => void,
  labelPrefix = '',
): Promise<CapacityResult> {
  const steps: CapacityStep[] = [];
  let last: CapacityStep | null = null;
  let failuresBefore = 0;
  let stoppedBecause = `reached --max-clients ${c.max}`;
  let testerLimited = false;
  for (let clients = c.start; clients <= c.max; clients += c.step) {
    await run.rampTo(clients);
    await sleep(c.settleSeconds * 1000);
    const windows: Figures[] = [];
    const labels = Array.from({ length: c.repeats }, (_, i) => `${labelPrefix}${clients} clients #${i + 1}`);
    for (const label of labels) windows.push(await run.measure(c.windowSeconds, label));
    const figures = medianOf(windows);
    // Like every other figure, saturation is judged by the majority of windows: one window in which a
    // neighbour stole the tester's core does not end the search.
    const saturated = windows.filter((w) => w.tester.saturated);
    figures.tester = { ...figures.tester, saturated: saturated.length * 2 > windows.length, reasons: [] };
    if (figures.tester.saturated)
      figures.tester.reasons = saturated[saturated.length - 1]?.tester.reasons ?? [];
    const failures = figures.clients.connectFailed + figures.clients.disconnects;
    const violations = sloViolations(figures, c, tickRate, failures - failuresBefore);
    failuresBefore = failures;
    const step: CapacityStep = {
      clients,
      held: violations.length === 0,
      violations,
      figures,
      windows: labels,
    };
    steps.push(step);
    onStep?.(step);
    if (!step.held) {
      stoppedBecause = `at ${clients} clients: ${violations.join('; ')}`;
      testerLimited = figures.tester.saturated;
      break;
    }
    last = step;
  }
  return {
    capacity: last?.clients ?? null,
    atCapacity: last?.figures ?? null,
    stoppedBecause,
    testerLimited,
    steps,
  };
}
