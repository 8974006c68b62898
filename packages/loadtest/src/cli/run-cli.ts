import { access, writeFile } from 'node:fs/promises';
import { constants } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CommanderError } from 'commander';
import { runLoadTest } from '../coordinator/run-test.js';
import { ExitCode, LoadtestError, LoadtestErrorCode } from '../errors.js';
import { num, pct } from '../report/format.js';
import { renderHtml } from '../report/html-report.js';
import { ProgressPrinter } from '../report/progress.js';
import type { Report } from '../report/report.js';
import { renderTable } from '../report/table.js';
import { describeResult } from '../stats/thresholds.js';
import { runAgentCli } from './agent-cli.js';
import { planFromFlags, type CliPlan } from './parse-options.js';
import { buildProgram, type RawFlags } from './program.js';

export interface CliStreams {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
}

const NAME = 'tick-arena-loadtest';

/** Parse flags into a plan, or return the exit code when there is nothing to run (help, bad flags). */
async function plan(argv: string[], out: CliStreams): Promise<CliPlan | number> {
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
    const p = planFromFlags(program.args[0] ?? '', program.opts<RawFlags>());
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
 * call it. Expected failures are one line on stderr and exit code 2; a failed `--assert` is exit code 1.
 */
export async function runCli(argv: string[], out: CliStreams = process): Promise<number> {
  if ((argv[0] === '--' ? argv[1] : argv[0]) === 'agent')
    return runAgentCli(argv.slice(argv.indexOf('agent') + 1), out);
  const p = await plan(argv, out);
  if (typeof p === 'number') return p;
  const progress = new ProgressPrinter();
  const showProgress = p.progress && progress.enabled;
  let report: Report;
  try {
    report = await runLoadTest({
      run: p.run,
      capacity: p.capacity ?? undefined,
      thresholds: p.thresholds ?? undefined,
      agents: p.agents ?? undefined,
      onTick: showProgress ? (pt) => progress.show(pt) : undefined,
      onStep: (s) => {
        const line = `step ${s.clients} clients: ${s.held ? 'held' : 'BROKE'} (delivered ${pct(s.figures.snapshots.deliveredRatio)}, gap p99 ${num(s.figures.gapMs.p99)} ms, server tick p99 ${num(s.figures.server?.tickMs.p99 ?? null, 2)} ms)`;
        if (showProgress) progress.note(line);
        else out.stderr.write(`${line}\n`);
      },
    });
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
    await writeFile(p.htmlFile, renderHtml(report));
    out.stdout.write(`HTML report: ${p.htmlFile}\n`);
  }
  // Exit 1 for a run that finished but failed: a threshold missed, or an agent lost (its bots' figures
  // are missing). Every reason gets its line.
  let code: number = ExitCode.OK;
  const lost = report.agents?.lost ?? [];
  if (lost.length > 0) {
    out.stderr.write(
      `${NAME}: ${lost.length} agent(s) lost mid-run, their bots counted as dropped: ${lost.map((l) => `${l.name} (pid ${l.pid} on ${l.host}): ${l.reason}`).join('; ')}\n`,
    );
    code = ExitCode.ASSERT_FAILED;
  }
  const failed = report.assertions?.filter((a) => !a.ok) ?? [];
  if (p.thresholds && !report.assertions) {
    out.stderr.write(`${NAME}: assertion failed: nothing was measured\n`);
    return ExitCode.ASSERT_FAILED;
  }
  if (failed.length > 0) {
    out.stderr.write(
      `${NAME}: ${failed.length} assertion(s) failed: ${failed.map(describeResult).join(', ')}\n`,
    );
    return ExitCode.ASSERT_FAILED;
  }
  return code;
}
