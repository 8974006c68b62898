import { availableParallelism } from 'node:os';
import { Command, CommanderError } from 'commander';
import { TesterAgent } from '../agents/tester-agent.js';
import { ExitCode, LoadtestError, LoadtestErrorCode } from '../errors.js';
import { redisUrl } from './parse-options.js';
import type { CliStreams } from './run-cli.js';

const NAME = 'tick-arena-loadtest agent';
/** An agent's name is its id on Redis and appears in reports: keep it to a plain word. */
const AGENT_NAME = /^[A-Za-z0-9._-]{1,40}$/;

interface AgentFlags {
  redis: string;
  name?: string;
  workers: string;
  coordinatorTimeout: string;
}

export function buildAgentProgram(): Command {
  return new Command('tick-arena-loadtest agent')
    .description(
      'Wait on Redis for a coordinator (`tick-arena-loadtest URL --agents N --redis URL`) and run its share ' +
        'of the bots on this machine; go back to waiting when the run ends or its coordinator goes silent. ' +
        'Runs until SIGINT or SIGTERM.',
    )
    .requiredOption('--redis <url>', 'the Redis coordinators and agents meet on, e.g. redis://10.0.0.5:6379')
    .option('--name <name>', 'name in reports and on Redis (letters, digits, . _ -; default: <host>-<pid>)')
    .option(
      '-w, --workers <n>',
      'worker threads running bots',
      String(Math.max(1, availableParallelism() - 1)),
    )
    .option('--coordinator-timeout <s>', 'abandon a run whose coordinator is silent this long', '5')
    .showHelpAfterError(false);
}

function parse(argv: string[], out: CliStreams): AgentFlags | number {
  const program = buildAgentProgram()
    .exitOverride()
    .configureOutput({
      writeOut: (s) => out.stdout.write(s),
      writeErr: (s) => out.stderr.write(s),
      outputError: () => {},
    });
  try {
    program.parse(argv, { from: 'user' });
    return program.opts<AgentFlags>();
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.exitCode === 0) return ExitCode.OK;
      out.stderr.write(`${NAME}: ${err.message.replace(/^error: /, '')} (see --help)\n`);
      return ExitCode.USAGE;
    }
    throw err;
  }
}

/**
 * `tick-arena-loadtest agent`: start an agent and keep it until `untilStopped` resolves (default: SIGINT
 * or SIGTERM). Returns 0 after a clean stop, 2 when it cannot start (bad flags, Redis away, name taken).
 */
export async function runAgentCli(
  argv: string[],
  out: CliStreams = process,
  untilStopped: () => Promise<unknown> = signalled,
): Promise<number> {
  const f = parse(argv, out);
  if (typeof f === 'number') return f;
  let agent: TesterAgent;
  try {
    const workers = Number(f.workers);
    const timeout = Number(f.coordinatorTimeout);
    if (!Number.isInteger(workers) || workers < 1 || workers > 256)
      throw new LoadtestError(
        LoadtestErrorCode.BAD_FLAGS,
        `--workers must be a whole number from 1 to 256 (got "${f.workers}")`,
      );
    if (!(timeout >= 1 && timeout <= 600))
      throw new LoadtestError(
        LoadtestErrorCode.BAD_FLAGS,
        `--coordinator-timeout must be 1 to 600 s (got "${f.coordinatorTimeout}")`,
      );
    if (f.name !== undefined && !AGENT_NAME.test(f.name))
      throw new LoadtestError(
        LoadtestErrorCode.BAD_FLAGS,
        `--name "${f.name}": use letters, digits, . _ - (at most 40)`,
      );
    agent = await TesterAgent.start({
      redisUrl: redisUrl(f.redis),
      name: f.name,
      workers,
      coordinatorTimeoutMs: timeout * 1000,
      log: (line) => out.stdout.write(`${line}\n`),
    });
  } catch (err) {
    if (err instanceof LoadtestError) {
      out.stderr.write(`${NAME}: ${err.message}\n`);
      return ExitCode.USAGE;
    }
    throw err;
  }
  await untilStopped();
  await agent.stop();
  out.stdout.write(`agent ${agent.name} stopped\n`);
  return ExitCode.OK;
}

function signalled(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
}
