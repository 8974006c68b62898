// `pnpm dev`: the game server (restarting on change, tsx watch) on :3000 and the Vite dev server with HMR
// on :5173, which proxies /socket.io to the game server. Open http://localhost:5173. Ctrl-C stops both.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const children = [
  spawn('pnpm', ['--filter', '@tick-arena/server', 'dev'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, CLIENT_DIR: '', LOG_LEVEL: process.env.LOG_LEVEL ?? 'info' },
  }),
  spawn('pnpm', ['--filter', '@tick-arena/client', 'dev'], { cwd: root, stdio: 'inherit' }),
];

let stopping = false;
const stop = (code = 0) => {
  if (stopping) return;
  stopping = true;
  for (const c of children) c.kill('SIGTERM');
  setTimeout(() => process.exit(code), 500).unref();
};
for (const c of children) c.on('exit', (code) => stop(code ?? 0));
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
