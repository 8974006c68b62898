/**
 * A socket.io server with the game's `binaryParser` that answers every binary `input` with one binary `tick`:
 * a valid full snapshot (src/baseline/baseline-payload.ts) of about `--payload-bytes`, at the next tick of
 * that socket. For bench/transport-frames.ts, which needs a real server that paces itself on its clients.
 *
 *   node --import tsx bench/echo-server.ts --port N [--payload-bytes 64]
 *
 * Prints `echo listening at URL` once it listens.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { binaryParser, type ClientToServerEvents, type ServerToClientEvents } from '@tick-arena/common';
import { Server } from 'socket.io';
import { BaselinePayload } from '../src/baseline/baseline-payload.js';

const { values } = parseArgs({
  options: { port: { type: 'string', default: '0' }, 'payload-bytes': { type: 'string', default: '64' } },
});
const payload = new BaselinePayload(Number(values['payload-bytes']));
const http = createServer();
const io = new Server<ClientToServerEvents, ServerToClientEvents>(http, { parser: binaryParser });
io.on('connection', (socket) => {
  let tick = 1000;
  socket.on('input', () => {
    tick += 1;
    socket.emit('tick', payload.build(tick, Date.now()));
  });
});
http.listen(Number(values.port), '127.0.0.1', () => {
  process.stdout.write(`echo listening at http://127.0.0.1:${(http.address() as AddressInfo).port}\n`);
});
process.once('SIGTERM', () => process.exit(0));
