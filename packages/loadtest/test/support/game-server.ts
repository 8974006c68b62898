import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, loadConfig } from '@tick-arena/server';

/** A real game server on 127.0.0.1:0 and a scratch directory for reports, for the CLI integration tests. */
export interface GameServerFixture {
  app: Awaited<ReturnType<typeof buildApp>>;
  url: string;
  dir: string;
  close(): Promise<void>;
}

export async function startGameServer(dirPrefix: string): Promise<GameServerFixture> {
  // Every bot comes from 127.0.0.1: the per-IP cap must be off, as the docs tell load testers.
  const app = await buildApp(loadConfig({ LOG_LEVEL: 'warn', CLIENT_DIR: '', MAX_CONNECTIONS_PER_IP: '0' }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const dir = mkdtempSync(join(tmpdir(), dirPrefix));
  return {
    app,
    url,
    dir,
    async close() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
