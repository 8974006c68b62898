import { num } from './format.js';
import type { TimelinePoint } from './timeline.js';

/** One status line, rewritten in place every second on a TTY. */
export function progressLine(p: TimelinePoint): string {
  const server = p.serverTickP99 !== null ? `  server tick p99 ${num(p.serverTickP99, 2)} ms` : '';
  const win = p.window ? `  [${p.window}]` : '';
  return (
    `[${num(p.t, 0).padStart(4)} s] clients ${p.clients}/${p.target}` +
    `  delivered ${num(p.deliveredRate, 2)}/${num(p.nominalRate, 0)} Hz  gap p99 ${num(p.gapP99)} ms${server}` +
    `  tester busy ${p.testerUtilisation === null ? '-' : Math.round(p.testerUtilisation * 100)}%${win}`
  );
}

/** Writes progress lines to a TTY stream; does nothing on a pipe or file (CI logs stay clean). */
export class ProgressPrinter {
  private active = false;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}

  get enabled(): boolean {
    return this.stream.isTTY === true;
  }

  show(p: TimelinePoint): void {
    if (!this.enabled) return;
    const line = progressLine(p);
    const width = this.stream.columns ?? 120;
    this.stream.write(`\r${line.slice(0, width - 1).padEnd(Math.min(width - 1, line.length))}\x1b[K`);
    this.active = true;
  }

  /** Print a permanent line above the progress line. */
  note(text: string): void {
    if (this.active) this.stream.write('\r\x1b[K');
    this.stream.write(`${text}\n`);
    this.active = false;
  }

  done(): void {
    if (this.active) this.stream.write('\r\x1b[K');
    this.active = false;
  }
}
