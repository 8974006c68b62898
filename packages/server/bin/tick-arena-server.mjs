#!/usr/bin/env -S node --conditions=tick-arena-dist
// `tick-arena-server`: runs the built server (`pnpm build` first) in this process with plain node, so SIGTERM
// reaches the server directly. The `tick-arena-dist` condition resolves `@tick-arena/common` to its built
// JavaScript. Serves the built client if there is one. For the TypeScript sources, use `pnpm dev`.
import { existsSync } from 'node:fs';

const main = new URL('../dist/src/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('tick-arena-server: no build found; run `pnpm build` first\n');
  process.exit(1);
}
await import(main.href);
