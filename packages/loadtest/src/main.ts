/**
 * `tick-arena-loadtest` / `pnpm loadtest`: run the CLI and exit with its code, always after one line that
 * says why (see `ExitCode` in errors.ts).
 *
 * No top-level `await`: if the event loop ever emptied while the run was still pending (a promise nobody
 * will settle: no socket, no timer left), Node would end the process with code 13 and, at best, a warning
 * about an unsettled top-level await. The `beforeExit` guard turns that into a one-line internal error
 * (exit 3) instead, and so do uncaught exceptions.
 */
import { runCli } from './cli/run-cli.js';
import { ExitCode } from './errors.js';

const NAME = 'tick-arena-loadtest';

let done = false;
function finish(code: number, line?: string): void {
  if (done) return;
  done = true;
  if (line !== undefined) process.stderr.write(`${NAME}: ${line}\n`);
  // Exit explicitly: a socket or timer left by an aborted run must not keep the process alive.
  process.exit(code);
}

const bug = (err: unknown) =>
  finish(ExitCode.INTERNAL, `internal error: ${err instanceof Error ? err.message : String(err)}`);

process.on('beforeExit', () =>
  finish(ExitCode.INTERNAL, 'internal error: the run stopped with nothing left to wait for'),
);
process.on('uncaughtException', bug);
process.on('unhandledRejection', bug);
const argv = process.argv.slice(2);
// An agent handles SIGINT/SIGTERM itself: it leaves its run and takes itself off the registry first, so a
// coordinator never waits for an agent that has gone (agent-cli.ts).
if ((argv[0] === '--' ? argv[1] : argv[0]) !== 'agent') {
  process.once('SIGINT', () => finish(ExitCode.INTERRUPTED, 'interrupted (SIGINT): no report'));
  process.once('SIGTERM', () => finish(ExitCode.TERMINATED, 'terminated (SIGTERM): no report'));
}

runCli(argv).then((code) => finish(code), bug);
