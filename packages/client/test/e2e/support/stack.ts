import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
// Also brings in the typing of `window.__tickArena`.
import type { DebugSnapshot } from '../../../src/debug/debug-hook.js';
// Tests may reach into another package's source to run a real server; application code may not.
import { buildApp, loadConfig } from '../../../../server/src/index.js';

export const CHROMIUM = '/usr/bin/chromium';
export const CLIENT_DIR = fileURLToPath(new URL('../../../dist', import.meta.url));
export const ARTIFACTS = fileURLToPath(new URL('../../../../../test-artifacts', import.meta.url));

export type App = Awaited<ReturnType<typeof buildApp>>;

/** A real server serving the built client on 127.0.0.1:0, and a real headless Chromium. */
export interface Stack {
  app: App;
  base: string;
  browser: Browser;
  pageErrors: string[];
  openPage(): Promise<Page>;
  close(): Promise<void>;
}

export async function startStack(env: Record<string, string> = {}): Promise<Stack> {
  if (!existsSync(CHROMIUM)) throw new Error('Chromium missing: run apt-get install -y chromium');
  if (!existsSync(`${CLIENT_DIR}/index.html`)) {
    throw new Error(`no client build at ${CLIENT_DIR}: run \`pnpm build:client\` first`);
  }
  const app = await buildApp(loadConfig({ LOG_LEVEL: 'warn', CLIENT_DIR, ...env }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  return {
    app,
    base,
    browser,
    pageErrors,
    async openPage() {
      const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
      contexts.push(context);
      const page = await context.newPage();
      page.on('pageerror', (err) => pageErrors.push(err.message));
      return page;
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close();
      await app.close();
    },
  };
}

export function snapshotOf(page: Page): Promise<DebugSnapshot | null> {
  return page.evaluate(() => window.__tickArena?.snapshot() ?? null);
}
