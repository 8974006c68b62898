import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;
type Values<T extends Options> = ReturnType<typeof parseArgs<{ options: T; strict: true }>>['values'];

export interface BenchArgs<T extends Options> {
  values: Values<T>;
  /** Print one usage line and exit 2. */
  usageError(message: string): never;
  /** A flag's value as a number > 0, or a usage error naming the flag. */
  positive(flag: string, raw: string): number;
}

/**
 * A bench script's command line: strict `parseArgs` (a leading `--` from `pnpm run` dropped), `--help`
 * printing `usage`, and one-line usage errors with exit code 2, each prefixed with the script's name.
 */
export function benchArgs<const T extends Options>(name: string, options: T, usage: string): BenchArgs<T> {
  const usageError = (message: string): never => {
    process.stderr.write(`${name}: ${message} (see --help)\n`);
    process.exit(2);
  };
  const argv = process.argv.slice(2);
  let values: Values<T>;
  try {
    values = parseArgs({ args: argv[0] === '--' ? argv.slice(1) : argv, options, strict: true }).values;
  } catch (err) {
    return usageError((err as Error).message.split('\n')[0] ?? String(err));
  }
  if ((values as { help?: boolean }).help) {
    process.stdout.write(usage);
    process.exit(0);
  }
  const positive = (flag: string, raw: string): number => {
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= 0) usageError(`--${flag} must be a positive number (got "${raw}")`);
    return n;
  };
  return { values, usageError, positive };
}
