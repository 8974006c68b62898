/** `tick-arena-loadtest` / `pnpm loadtest`: run the CLI and exit with its code. */
import { runCli } from './cli/run-cli.js';

const code = await runCli(process.argv.slice(2));
// Exit explicitly: a socket or timer left by an aborted run must not keep the process alive.
process.exit(code);
