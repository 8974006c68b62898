/**
 * `pnpm --filter @tick-arena/loadtest baseline [--port N] [--payload-bytes N]`: run the bare socket.io
 * baseline on its own (the capacity benchmark starts it as a child process so it gets its own core).
 * `--payload-bytes` is the target size of each binary snapshot (see baseline-payload.ts).
 */
import { parseArgs } from 'node:util';
import { startBaselineServer } from './baseline-server.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    'payload-bytes': { type: 'string' },
  },
});
const server = await startBaselineServer({
  port: Number(values.port),
  host: values.host,
  payloadBytes: values['payload-bytes'] === undefined ? undefined : Number(values['payload-bytes']),
});
// The benchmark reads this line to learn the port.
process.stdout.write(
  `baseline listening at ${server.url}: full snapshots of ${server.payload.players} synthetic players, ${server.payload.bytes} B\n`,
);
const stop = () => void server.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
