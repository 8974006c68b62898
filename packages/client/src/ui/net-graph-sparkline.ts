/** The newest `capacity` values of one figure, oldest first: what a sparkline draws. */
export class Series {
  private readonly values: number[] = [];

  constructor(readonly capacity: number) {}

  push(value: number): void {
    this.values.push(Number.isFinite(value) ? value : 0);
    if (this.values.length > this.capacity) this.values.shift();
  }

  get length(): number {
    return this.values.length;
  }

  toArray(): readonly number[] {
    return this.values;
  }

  clear(): void {
    this.values.length = 0;
  }
}

/**
 * Vertical scale of a sparkline: from 0 to the series' largest value, but never less than `floor`, so a
 * quiet figure (0.3 ms of jitter) draws as a flat line near the bottom instead of noise blown up to full
 * height.
 */
export function sparklineTop(values: readonly number[], floor: number): number {
  let top = floor;
  for (const v of values) if (v > top) top = v;
  return top;
}

/**
 * Canvas points (x right, y down) for `values` spread over `width` with the newest at the right edge, the
 * series' capacity setting the spacing so the line scrolls in from the right as it fills.
 */
export function sparklinePoints(
  values: readonly number[],
  capacity: number,
  width: number,
  height: number,
  top: number,
): { x: number; y: number }[] {
  const step = capacity > 1 ? width / (capacity - 1) : 0;
  const offset = capacity - values.length;
  // Half a pixel in from the edges, so a line at 0 or at the top is not cut in half.
  const span = height - 1;
  return values.map((v, i) => ({
    x: (offset + i) * step,
    y: 0.5 + span * (1 - Math.min(1, Math.max(0, v) / top)),
  }));
}

/** Draw a series as a line on a small canvas, clearing it first. */
export function drawSparkline(
  canvas: HTMLCanvasElement,
  series: Series,
  floor: number,
  colour: string,
  lineWidth = 1,
): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const { width, height } = canvas;
  ctx.clearRect(0, 0, width, height);
  const values = series.toArray();
  if (values.length < 2) return;
  const points = sparklinePoints(values, series.capacity, width, height, sparklineTop(values, floor));
  ctx.beginPath();
  points.forEach((p, i) => (i === 0 ? ctx.moveTo(p.x, p.y) : ctx.lineTo(p.x, p.y)));
  ctx.strokeStyle = colour;
  ctx.lineWidth = lineWidth;
  ctx.stroke();
}
