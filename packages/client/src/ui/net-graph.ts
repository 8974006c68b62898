import type { NetFigures } from '../netcode/net-stats.js';
import { h, setText } from './dom.js';
import { Series, drawSparkline } from './net-graph-sparkline.js';

/** The figures are redrawn this often, ms: readable numbers, no per-frame DOM work. */
const REFRESH_MS = 250;
/** Sparklines show this much history, ms. */
const HISTORY_MS = 10_000;
const HISTORY_POINTS = HISTORY_MS / REFRESH_MS;
/** Sparkline size in CSS pixels (drawn at the device's pixel ratio). */
const SPARK_WIDTH = 80;
const SPARK_HEIGHT = 16;
const STORAGE_KEY = 'tick-arena:net-graph';
const LINE_COLOUR = '#38d9ff';

const ms = (v: number): string => `${Math.round(v)} ms`;
const bytesPerSecond = (v: number): string =>
  v >= 10_000
    ? `${(v / 1000).toFixed(0)} kB/s`
    : v >= 1000
      ? `${(v / 1000).toFixed(1)} kB/s`
      : `${Math.round(v)} B/s`;

/** One line of the graph: what it reads, how it prints, and the least its sparkline's scale spans. */
interface Row {
  readonly label: string;
  readonly read: (f: NetFigures) => number | null;
  readonly format: (v: number) => string;
  readonly floor: number;
}

const ROWS: readonly Row[] = [
  { label: 'RTT', read: (f) => f.rttMs, format: ms, floor: 100 },
  { label: 'jitter', read: (f) => f.jitterMs, format: (v) => `${v.toFixed(1)} ms`, floor: 10 },
  { label: 'snapshots', read: (f) => f.snapshotRate, format: (v) => `${Math.round(v)} /s`, floor: 30 },
  { label: 'interp delay', read: (f) => f.delayMs, format: ms, floor: 100 },
  { label: 'buffer', read: (f) => f.bufferDepth, format: (v) => String(Math.round(v)), floor: 4 },
  { label: 'extrapolated', read: (f) => f.extrapolatedPct, format: (v) => `${v.toFixed(1)} %`, floor: 10 },
  {
    label: 'corrections',
    read: (f) => f.correctionsPerMin,
    format: (v) => `${v.toFixed(0)} /min`,
    floor: 10,
  },
  { label: 'pred. error', read: (f) => f.errorPx, format: (v) => `${v.toFixed(1)} px`, floor: 4 },
  { label: 'down', read: (f) => f.bytesInPerSec, format: bytesPerSecond, floor: 2000 },
  { label: 'up', read: (f) => f.bytesOutPerSec, format: bytesPerSecond, floor: 1000 },
  { label: 'FPS', read: (f) => f.fps, format: (v) => String(Math.round(v)), floor: 60 },
];

interface RowView {
  readonly row: Row;
  readonly value: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  readonly series: Series;
}

function loadOpen(): boolean {
  try {
    return localStorage.getItem(STORAGE_KEY) === '1';
  } catch {
    return false;
  }
}

function saveOpen(open: boolean): void {
  try {
    localStorage.setItem(STORAGE_KEY, open ? '1' : '0');
  } catch {
    // Not remembering the choice is harmless.
  }
}

/**
 * The net graph (F3, or the NET button on touch screens): RTT, jitter, snapshot rate, interpolation delay,
 * buffer depth, extrapolated frames, prediction corrections and error, bytes/s both ways and FPS, each with
 * a 10 s sparkline. It reads the figures a few times a second from `read` (the session's collector) and
 * touches the DOM only then, so it costs nothing per frame. Open or closed is remembered per browser.
 */
export class NetGraph {
  readonly el: HTMLElement;
  private readonly panel: HTMLElement;
  private readonly button: HTMLButtonElement;
  private readonly rows: RowView[];
  private open = loadOpen();
  private active = false;
  private timer: ReturnType<typeof setInterval> | null = null;
  /** Canvas pixels per CSS pixel. */
  private readonly scale = Math.max(1, Math.round(globalThis.devicePixelRatio || 1));

  constructor(private readonly read: () => NetFigures | null) {
    const scale = this.scale;
    this.rows = ROWS.map((row) => {
      const canvas = h('canvas', {
        class: 'net-graph__spark',
        attrs: {
          width: String(SPARK_WIDTH * scale),
          height: String(SPARK_HEIGHT * scale),
          'aria-hidden': 'true',
        },
      });
      return {
        row,
        value: h('span', { class: 'net-graph__value' }),
        canvas,
        series: new Series(HISTORY_POINTS),
      };
    });
    this.panel = h(
      'section',
      { class: 'net-graph', attrs: { 'aria-label': 'Net graph', hidden: '' } },
      ...this.rows.map((r) =>
        h(
          'div',
          { class: 'net-graph__row' },
          h('span', { class: 'net-graph__label', text: r.row.label }),
          r.value,
          r.canvas,
        ),
      ),
    );
    this.button = h('button', {
      class: 'net-graph__toggle',
      text: 'NET',
      attrs: { type: 'button', 'aria-label': 'Net graph', 'aria-pressed': 'false' },
      on: { click: () => this.toggle() },
    });
    this.el = h('div', { class: 'net-graph-layer', attrs: { hidden: '' } }, this.panel, this.button);
  }

  get visible(): boolean {
    return this.active && this.open;
  }

  /** In a room (there is something to measure) or not. */
  setActive(active: boolean): void {
    if (active === this.active) return;
    this.active = active;
    for (const r of this.rows) r.series.clear();
    this.sync();
  }

  toggle(): void {
    this.open = !this.open;
    saveOpen(this.open);
    this.sync();
  }

  private sync(): void {
    this.el.hidden = !this.active;
    this.panel.hidden = !this.visible;
    this.button.setAttribute('aria-pressed', String(this.open));
    if (this.visible && this.timer === null) {
      this.refresh();
      this.timer = setInterval(() => this.refresh(), REFRESH_MS);
    } else if (!this.visible && this.timer !== null) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  private refresh(): void {
    const figures = this.read();
    for (const r of this.rows) {
      const v = figures ? r.row.read(figures) : null;
      setText(r.value, v === null ? '…' : r.row.format(v));
      if (v !== null) r.series.push(v);
      drawSparkline(r.canvas, r.series, r.row.floor, LINE_COLOUR, this.scale);
    }
  }
}
