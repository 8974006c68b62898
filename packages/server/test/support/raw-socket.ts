import { WebSocket } from 'ws';

/**
 * A raw Engine.IO v4 / socket.io v5 client over one WebSocket, for sending what no well-behaved client
 * would: arbitrary frames, malformed packets, binary attachments. Answers heartbeats so it stays up.
 */
export class RawSocket {
  readonly ws: WebSocket;
  readonly received: string[] = [];
  closed = false;
  private readonly opened: Promise<void>;

  constructor(url: string, headers: Record<string, string> = {}) {
    this.ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`, {
      headers,
    });
    this.ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      const text = data.toString();
      if (text === '2') this.sendFrame('3'); // engine.io ping -> pong
      this.received.push(text);
    });
    this.ws.on('close', () => {
      this.closed = true;
    });
    this.ws.on('error', () => {
      this.closed = true;
    });
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
  }

  /** Open the WebSocket and join the main namespace with the given auth. */
  async connect(auth: unknown): Promise<void> {
    await this.opened;
    this.sendFrame(`40${JSON.stringify(auth)}`);
    await this.waitFor((f) => f.startsWith('40') || f.startsWith('44'));
  }

  sendFrame(data: string | Buffer): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(data);
  }

  /** A socket.io EVENT packet: `42[...]`, optionally with an ack id. */
  emit(args: unknown[], ackId?: number): void {
    this.sendFrame(`42${ackId ?? ''}${JSON.stringify(args)}`);
  }

  waitFor(pred: (frame: string) => boolean, timeoutMs = 3000): Promise<string> {
    return new Promise((resolve, reject) => {
      const found = this.received.find(pred);
      if (found) return resolve(found);
      const timer = setTimeout(() => {
        this.ws.off('message', onMessage);
        reject(new Error('frame not received'));
      }, timeoutMs);
      const onMessage = (data: Buffer) => {
        const text = data.toString();
        if (!pred(text)) return;
        clearTimeout(timer);
        this.ws.off('message', onMessage);
        resolve(text);
      };
      this.ws.on('message', onMessage);
    });
  }

  close(): void {
    this.ws.terminate();
  }
}
