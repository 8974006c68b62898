import { access, writeFile } from 'node:fs/promises';
import { constants } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CommanderError } from 'commander';
import { runCompareCli } from '../compare/compare-cli.js';
import { readReport } from '../compare/read-report.js';
import { runLoadTest } from '../coordinator/run-test.js';
import { ExitCode, LoadtestError, LoadtestErrorCode } from '../errors.js';
import { num, pct } from '../report/format.js';
import { renderHtml } from '../report/html-report.js';
import { ProgressPrinter } from '../report/progress.js';
import type { TimelinePoint } from '../report/timeline.js';
import type { CapacityStep, Report } from '../report/report.js';
import { renderTable } from '../report/table.js';
import { loadScenario } from '../scenario/load-scenario.js';
import { runScenario } from '../scenario/run-scenario.js';
import type { Scenario } from '../scenario/schema.js';
import { runSweep } from '../sweep/run-sweep.js';
import { runAgentCli } from './agent-cli.js';
import { planFromFlags, type CliPlan } from './parse-options.js';
import { buildProgram, type RawFlags } from './program.js';
import { verdict } from './verdict.js';

export interface CliStreams {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
}

const NAME = 'tick-arena-loadtest';

/** A plan with the files it names read and checked: the scenario, the report to compare with. */
interface LoadedPlan extends CliPlan {
  scenario: Scenario | null;
  compareReport: Report | null;
}

/** Parse flags into a plan, or return the exit code when there is nothing to run (help, bad flags). */
async function plan(argv: string[], out: CliStreams): Promise<LoadedPlan | number> {
  const program = buildProgram()
    .exitOverride()
    .configureOutput({
      writeOut: (s) => out.stdout.write(s),
      writeErr: (s) => out.stderr.write(s),
      // Printed below as one line of our own.
      outputError: () => {},
    });
  // `pnpm loadtest -- URL ...` passes the separator through; commander would take every flag after it as
  // an argument.
  const args = argv[0] === '--' ? argv.slice(1) : argv;
  try {
    program.parse(args, { from: 'user' });
    const flags = planFromFlags(program.args[0] ?? '', program.opts<RawFlags>());
    // Read before anything runs: a bad scenario or report file is a one-line error, exit 2.
    const p: LoadedPlan = {
      ...flags,
      scenario: flags.scenarioFile === null ? null : await loadScenario(flags.scenarioFile),
      compareReport: flags.compareTo === null ? null : await readReport(flags.compareTo),
    };
    for (const file of [p.jsonFile, p.htmlFile]) {
      if (file === null) continue;
      try {
        await access(dirname(resolve(file)), constants.W_OK);
      } catch {
        throw new LoadtestError(
          LoadtestErrorCode.BAD_FLAGS,
          `cannot write ${file}: its directory does not exist or is not writable`,
        );
      }
    }
    return p;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.exitCode === 0) return ExitCode.OK;
      out.stderr.write(`${NAME}: ${err.message.replace(/^error: /, '')} (see --help)\n`);
      return ExitCode.USAGE;
    }
    if (err instanceof LoadtestError) {
      out.stderr.write(`${NAME}: ${err.message}\n`);
      return ExitCode.USAGE;
    }
    throw err;
  }
}

/**
 * The whole CLI as a function of its arguments: returns the exit code instead of exiting, so tests can
 * call it. Every return prints one line saying why (errors.ts `ExitCode`): nothing measured is exit code 2,
 * a run that failed its rules (failed connects, `--assert`) is 1, a pass is 0 with a `passed:` line.
 */
export async function runCli(argv: string[], out: CliStreams = process): Promise<number> {
  if (argv[0] === 'compare') return runCompareCli(argv.slice(1), out);
  if ((argv[0] === '--' ? argv[1] : argv[0]) === 'agent')
    return runAgentCli(argv.slice(argv.indexOf('agent') + 1), out);
  const p = await plan(argv, out);
  if (typeof p === 'number') return p;
  const progress = new ProgressPrinter();
  const showProgress = p.progress && progress.enabled;
  const note = (line: string) => {
    if (showProgress) progress.note(line);
    else out.stderr.write(`${line}\n`);
  };
  const stepLine = (s: CapacityStep, prefix = '') =>
    `${prefix}step ${s.clients} clients: ${s.held ? 'held' : 'BROKE'} (delivered ${pct(s.figures.snapshots.deliveredRatio)}, gap p99 ${num(s.figures.gapMs.p99)} ms, server tick p99 ${num(s.figures.server?.tickMs.p99 ?? null, 2)} ms)`;
  const onTick = showProgress ? (pt: TimelinePoint) => progress.show(pt) : undefined;
  let report: Report;
  try {
    if (p.sweepTickRates) {
      report = await runSweep({
        run: p.run,
        tickRates: p.sweepTickRates,
        capacity: p.capacity ?? undefined,
        onTick,
        onStep: (s, rate) => note(stepLine(s, `${rate} Hz `)),
        onRate: (e) =>
          note(
            `${e.tickRate} Hz: ${e.steps.length > 0 ? `capacity ${e.capacity ?? 'none'}, ` : ''}server CPU ${num(e.serverCpuPerClientTickUs, 2)} µs per client-tick at ${e.clients ?? '-'} clients`,
          ),
      });
    } else if (p.scenario && p.scenarioFile) {
      report = await runScenario({
        run: p.run,
        scenario: p.scenario,
        file: p.scenarioFile,
        thresholds: p.thresholds ?? undefined,
        onTick,
        onPhase: (ph) =>
          note(
            `phase ${ph.index} ${ph.kind}: ${ph.figures.clients.connected} clients in a room, delivered ${pct(ph.figures.snapshots.deliveredRatio)}, gap p99 ${num(ph.figures.gapMs.p99)} ms (${num(ph.tookSeconds)} s)`,
          ),
      });
    } else {
      report = await runLoadTest({
        run: p.run,
        capacity: p.capacity ?? undefined,
        thresholds: p.thresholds ?? undefined,
        agents: p.agents ?? undefined,
        onTick,
        onStep: (s) => note(stepLine(s)),
      });
    }
  } catch (err) {
    progress.done();
    if (err instanceof LoadtestError) {
      out.stderr.write(`${NAME}: ${err.message}\n`);
      return ExitCode.USAGE;
    }
    out.stderr.write(`${NAME}: internal error: ${(err as Error).message}\n`);
    return ExitCode.INTERNAL;
  }
  progress.done();
  out.stdout.write(`${renderTable(report)}\n`);
  if (p.jsonFile) {
    await writeFile(p.jsonFile, `${JSON.stringify(report, null, 2)}\n`);
    out.stdout.write(`JSON report: ${p.jsonFile}\n`);
  }
  if (p.htmlFile) {
    await writeFile(
      p.htmlFile,
      renderHtml(
        report,
        p.compareReport && p.compareTo ? { compareTo: p.compareReport, compareLabel: p.compareTo } : {},
      ),
    );
    out.stdout.write(`HTML report: ${p.htmlFile}\n`);
  }
  // An agent lost mid-run: its bots' figures are missing, so the run failed whatever else it shows.
  const lost = report.agents?.lost ?? [];
  if (lost.length > 0) {
    out.stderr.write(
      `${NAME}: ${lost.length} agent(s) lost mid-run, their bots counted as dropped: ${lost.map((l) => `${l.name} (pid ${l.pid} on ${l.host}): ${l.reason}`).join('; ')}\n`,
    );
    return ExitCode.ASSERT_FAILED;
  }
  const v = verdict(report, {
    thresholdsGiven: p.thresholds !== null,
    allowConnectFailures: p.allowConnectFailures,
  });
  out[v.stream].write(`${NAME}: ${v.line}\n`);
  return v.code;
}
