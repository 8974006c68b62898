// `pnpm start`: the production path. Brings the build up to date (TypeScript to JavaScript with `tsc -b`,
// which recompiles only projects whose sources changed; the client bundle with Vite when it is missing or older
// than its sources), then runs the built server in this same process with plain `node` (no transpiler at
// run time; SIGTERM reaches the server directly). Arguments after `--` go to the server.
//
// It must run as `node --conditions=tick-arena-dist scripts/start.mjs` (what `pnpm start` does): that
// condition makes `@tick-arena/common` resolve to its built `dist/` instead of its TypeScript sources.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const clientDir = join(root, 'packages/client');
const bundle = join(clientDir, 'dist/index.html');
const serverMain = join(root, 'packages/server/dist/src/main.js');
const CONDITION = 'tick-arena-dist';

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function run(what, command, args) {
  const started = Date.now();
  console.log(`[tick-arena] ${what}…`);
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`[tick-arena] ${what} failed; see the output above`);
    process.exit(r.status ?? 1);
  }
  console.log(`[tick-arena] ${what}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const conditions = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
if (!conditions.some((a) => a.includes(CONDITION))) {
  console.error(`[tick-arena] run this as \`pnpm start\` (node --conditions=${CONDITION} scripts/start.mjs)`);
  process.exit(2);
}

const wantsHelp = process.argv.includes('--help') || process.argv.includes('-h');

// tsc -b checks every project's inputs against its build info and recompiles only what changed (about 1 s
// when nothing did).
run('compiling the server (tsc -b)', process.execPath, [
  join(root, 'node_modules/typescript/bin/tsc'),
  '-b',
  'packages/server',
]);

const sources = [join(clientDir, 'src'), join(root, 'packages/common/src')];
const stale =
  !existsSync(bundle) ||
  Math.max(...sources.map(newestMtime), statSync(join(clientDir, 'index.html')).mtimeMs) >
    statSync(bundle).mtimeMs;
if (stale && !wantsHelp && !process.env.CLIENT_DIR) {
  run('building the client (vite)', 'pnpm', ['--filter', '@tick-arena/client', 'build']);
}

if (!existsSync(serverMain)) {
  console.error(`[tick-arena] ${serverMain} is missing after the build`);
  process.exit(1);
}
await import(pathToFileURL(serverMain).href);
