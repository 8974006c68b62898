/** A line of a chart; `null` values leave a gap. */
export interface Series {
  name: string;
  color: string;
  points: [x: number, y: number | null][];
  dashed?: boolean;
}

export interface ChartSpec {
  title: string;
  unit: string;
  series: Series[];
  /** X ranges to shade (measured windows). */
  shade?: [number, number][];
  /** Force the y axis to include 0. @default true */
  fromZero?: boolean;
  /** Unit of the x axis, written at its right end. @default 's' */
  xUnit?: string;
  /** Label the x axis at these values instead of at round steps (e.g. the swept tick rates). */
  xTicks?: number[];
  /** A dot on every point: for few points (one per tick rate) where a bare line hides where they are. @default false */
  markers?: boolean;
  width?: number;
  height?: number;
}

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** 1, 2 or 5 times a power of ten: tick steps a reader can add up in their head. */
function niceStep(range: number, ticks: number): number {
  const raw = range / Math.max(1, ticks);
  const mag = 10 ** Math.floor(Math.log10(raw || 1));
  const norm = raw / mag;
  return (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * mag;
}

const fmt = (v: number) =>
  Math.abs(v) >= 100 || Number.isInteger(v) ? v.toFixed(0) : v.toPrecision(3).replace(/\.?0+$/, '');

/**
 * A self-contained SVG line chart: no script, no external font or stylesheet, so the HTML report opens
 * anywhere (a CI artefact, an air-gapped machine) and prints as it looks.
 */
export function lineChart(spec: ChartSpec): string {
  const W = spec.width ?? 560;
  const H = spec.height ?? 220;
  // Room on the right for the last x label, centred on the plot's edge.
  const m = { l: 52, r: 18, t: 26, b: 40 };
  const pw = W - m.l - m.r;
  const ph = H - m.t - m.b;
  const all = spec.series.flatMap((s) => s.points);
  const xs = all.map((p) => p[0]);
  const ys = all.map((p) => p[1]).filter((y): y is number => y !== null && Number.isFinite(y));
  const title = `<text x="${m.l}" y="16" class="t">${escapeXml(spec.title)}${spec.unit ? ` (${escapeXml(spec.unit)})` : ''}</text>`;
  if (xs.length === 0 || ys.length === 0) {
    return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" class="chart">${title}<text x="${W / 2}" y="${H / 2}" text-anchor="middle" class="n">not measured</text></svg>`;
  }
  const x0 = Math.min(...xs);
  const x1 = Math.max(...xs, x0 + 1);
  let y0 = Math.min(...ys);
  let y1 = Math.max(...ys);
  if (spec.fromZero !== false) y0 = Math.min(0, y0);
  if (y1 - y0 < 1e-9) y1 = y0 + 1;
  const yStep = niceStep(y1 - y0, 4);
  y1 = Math.ceil(y1 / yStep) * yStep;
  y0 = Math.floor(y0 / yStep) * yStep;
  const sx = (x: number) => m.l + ((x - x0) / (x1 - x0)) * pw;
  const sy = (y: number) => m.t + ph - ((y - y0) / (y1 - y0)) * ph;
  const parts: string[] = [title];
  for (const [a, b] of spec.shade ?? []) {
    parts.push(
      `<rect x="${sx(a).toFixed(1)}" y="${m.t}" width="${Math.max(1, sx(b) - sx(a)).toFixed(1)}" height="${ph}" class="w"/>`,
    );
  }
  for (let y = y0; y <= y1 + yStep / 2; y += yStep) {
    parts.push(
      `<line x1="${m.l}" x2="${m.l + pw}" y1="${sy(y).toFixed(1)}" y2="${sy(y).toFixed(1)}" class="g"/>`,
    );
    parts.push(
      `<text x="${m.l - 6}" y="${(sy(y) + 4).toFixed(1)}" text-anchor="end" class="a">${fmt(y)}</text>`,
    );
  }
  const xStep = niceStep(x1 - x0, 6);
  const xTicks: number[] = spec.xTicks ? spec.xTicks.filter((x) => x >= x0 && x <= x1) : [];
  if (!spec.xTicks) for (let x = Math.ceil(x0 / xStep) * xStep; x <= x1; x += xStep) xTicks.push(x);
  for (const x of xTicks) {
    parts.push(
      `<text x="${sx(x).toFixed(1)}" y="${m.t + ph + 16}" text-anchor="middle" class="a">${fmt(x)}</text>`,
    );
  }
  parts.push(
    `<text x="${m.l + pw}" y="${H - 4}" text-anchor="end" class="a">${escapeXml(spec.xUnit ?? 's')}</text>`,
  );
  let lx = m.l;
  for (const s of spec.series) {
    let d = '';
    let pen = false;
    for (const [x, y] of s.points) {
      if (y === null || !Number.isFinite(y)) {
        pen = false;
        continue;
      }
      d += `${pen ? 'L' : 'M'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`;
      pen = true;
    }
    if (d) {
      parts.push(
        `<path d="${d}" fill="none" stroke="${s.color}" stroke-width="1.6"${s.dashed ? ' stroke-dasharray="5 3"' : ''}/>`,
      );
    }
    if (spec.markers) {
      for (const [x, y] of s.points) {
        if (y === null || !Number.isFinite(y)) continue;
        parts.push(
          `<circle cx="${sx(x).toFixed(1)}" cy="${sy(y).toFixed(1)}" r="3" fill="${s.dashed ? '#fff' : s.color}" stroke="${s.color}" stroke-width="1.4"/>`,
        );
      }
    }
    parts.push(`<rect x="${lx}" y="${H - 13}" width="10" height="3" fill="${s.color}"/>`);
    parts.push(`<text x="${lx + 14}" y="${H - 9}" class="a">${escapeXml(s.name)}</text>`);
    lx += 24 + s.name.length * 6.2;
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" class="chart" role="img" aria-label="${escapeXml(spec.title)}">${parts.join('')}</svg>`;
}
