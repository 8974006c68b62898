// `pnpm start`: build the client when its bundle is missing or older than its sources, then run the server
// in this same process (so SIGTERM reaches it directly). Arguments after `--` go to the server.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const clientDir = join(root, 'packages/client');
const bundle = join(clientDir, 'dist/index.html');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const sources = [join(clientDir, 'src'), join(root, 'packages/common/src')];
const stale =
  !existsSync(bundle) ||
  Math.max(...sources.map(newestMtime), statSync(join(clientDir, 'index.html')).mtimeMs) >
    statSync(bundle).mtimeMs;
const wantsHelp = process.argv.includes('--help') || process.argv.includes('-h');

if (stale && !wantsHelp && !process.env.CLIENT_DIR) {
  console.log('[tick-arena] building the client (vite)…');
  const r = spawnSync('pnpm', ['--filter', '@tick-arena/client', 'build'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('[tick-arena] client build failed; see the output above');
    process.exit(r.status ?? 1);
  }
}

const { register } = await import('tsx/esm/api');
register();
await import(join(root, 'packages/server/src/main.ts'));
