import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { Command, CommanderError } from 'commander';
import { ExitCode, LoadtestError } from '../errors.js';
import { comparisonHtml } from '../report/compare-html.js';
import { htmlPage } from '../report/html-report.js';
import { compareReports } from './compare-reports.js';
import { renderComparison } from './compare-text.js';
import { readReport } from './read-report.js';

interface Streams {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
}

const NAME = 'tick-arena-loadtest compare';

interface CompareFlags {
  failOnRegression?: boolean;
  html?: string;
  json?: string;
}

function program(): Command {
  return new Command('tick-arena-loadtest compare')
    .description(
      'Compare two --json reports figure by figure: each change, and whether it is beyond the run-to-run noise ' +
        '(the larger interquartile range of the per-second values in the compared windows).',
    )
    .argument('<before>', 'the earlier report (JSON, or an HTML report, which embeds it)')
    .argument('<after>', 'the later report')
    .option('--fail-on-regression', 'exit 1 if any figure got worse beyond noise (for CI)')
    .option('--html <file>', 'write the comparison with both runs overlaid as a self-contained HTML file')
    .option('--json <file>', 'write the comparison as JSON')
    .addHelpText(
      'after',
      `
Example:
  pnpm loadtest compare main.json branch.json --fail-on-regression --html compare.html

Exit codes: 0 compared (no regression, or no --fail-on-regression), 1 a figure got worse beyond noise with
--fail-on-regression, 2 a file is missing or not a report.`,
    )
    .showHelpAfterError(false);
}

/** `tick-arena-loadtest compare BEFORE AFTER`: returns the exit code. */
export async function runCompareCli(argv: string[], out: Streams): Promise<number> {
  const cmd = program()
    .exitOverride()
    .configureOutput({
      writeOut: (s) => out.stdout.write(s),
      writeErr: (s) => out.stderr.write(s),
      outputError: () => {},
    });
  try {
    cmd.parse(argv, { from: 'user' });
    const [beforeFile = '', afterFile = ''] = cmd.args;
    const flags = cmd.opts<CompareFlags>();
    const [before, after] = await Promise.all([readReport(beforeFile), readReport(afterFile)]);
    const comparison = compareReports(before, after);
    // Two files of the same name (runs/a/report.json, runs/b/report.json) are told apart by their paths.
    const same = basename(beforeFile) === basename(afterFile);
    const b = { name: same ? beforeFile : basename(beforeFile), report: before };
    const a = { name: same ? afterFile : basename(afterFile), report: after };
    out.stdout.write(`${renderComparison(comparison, b, a)}\n`);
    if (flags.json) {
      await writeFile(flags.json, `${JSON.stringify(comparison, null, 2)}\n`);
      out.stdout.write(`JSON comparison: ${flags.json}\n`);
    }
    if (flags.html) {
      const body = `<h1>Tick Arena load test comparison</h1>${comparisonHtml(comparison, b, a)}`;
      await writeFile(flags.html, htmlPage(`Tick Arena load test: ${b.name} vs ${a.name}`, body));
      out.stdout.write(`HTML comparison: ${flags.html}\n`);
    }
    if (flags.failOnRegression && comparison.regressions.length > 0) {
      out.stderr.write(
        `${NAME}: ${comparison.regressions.length} figure(s) worse beyond noise: ${comparison.regressions.join(', ')}\n`,
      );
      return ExitCode.ASSERT_FAILED;
    }
    return ExitCode.OK;
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
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT' || e.code === 'EACCES') {
      out.stderr.write(`${NAME}: cannot write ${e.path ?? 'the output'} (${e.code})\n`);
      return ExitCode.USAGE;
    }
    throw err;
  }
}
