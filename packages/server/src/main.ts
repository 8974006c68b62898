import { buildApp } from './app.js';
import { ConfigError, helpText, loadConfig } from './config.js';
import { openUrl, startLine } from './start-line.js';

/** Entry point: parse config, build, listen, and shut down gracefully on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  // `pnpm start -- --port 8080` passes the `--` through; it is not an option.
  const argv = process.argv.slice(2).filter((a, i) => !(i === 0 && a === '--'));
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(helpText() + '\n');
    return;
  }
  let config;
  try {
    config = loadConfig(process.env, argv);
  } catch (err) {
    if (err instanceof ConfigError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(
        `tick-arena-server: ${(err as Error).message}\nRun with --help for the options.\n`,
      );
      process.exit(2);
    }
    throw err;
  }
  const app = await buildApp(config);
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  // Plain stdout, not the logger: the one line a person starting the server should see.
  process.stdout.write(startLine(openUrl(config.publicUrl, config.host, port)) + '\n');

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      app.log.error('shutdown took too long; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    force.unref();
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        app.log.error({ err }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('unhandledRejection', (err) => app.log.error({ err }, 'unhandled promise rejection'));
}

main().catch((err: unknown) => {
  process.stderr.write(`tick-arena-server: failed to start: ${(err as Error).message}\n`);
  process.exit(1);
});
