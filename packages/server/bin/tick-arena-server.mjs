#!/usr/bin/env node
// `tick-arena-server`: runs the TypeScript sources in this process through tsx's loader, so SIGTERM reaches
// the server directly (no wrapper process to forward signals). Serves the built client if there is one.
import { register } from 'tsx/esm/api';

register();
await import(new URL('../src/main.ts', import.meta.url).href);
