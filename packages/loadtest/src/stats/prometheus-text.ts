/** One sample line of the Prometheus text exposition format. */
export interface PromSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)(\s+\S+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*,?\s*/gy;

function unescape(v: string): string {
  return v.replace(/\\(.)/g, (_m, c: string) => (c === 'n' ? '\n' : c));
}

function parseValue(raw: string): number {
  if (raw === '+Inf') return Infinity;
  if (raw === '-Inf') return -Infinity;
  return Number(raw);
}

/**
 * Parse Prometheus text format (version 0.0.4) into samples. Comments and malformed lines are skipped:
 * the tester reads whatever server it is pointed at and must not fail on an exporter quirk.
 */
export function parsePrometheusText(text: string): PromSample[] {
  const out: PromSample[] = [];
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = LINE.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    const body = m[3];
    if (body) {
      LABEL.lastIndex = 0;
      let lm: RegExpExecArray | null;
      while ((lm = LABEL.exec(body)) !== null) labels[lm[1] as string] = unescape(lm[2] as string);
    }
    out.push({ name: m[1] as string, labels, value: parseValue(m[4] as string) });
  }
  return out;
}

/** Sum of every sample of `name` (all label sets), or `null` when the metric is absent. */
export function sumOf(samples: readonly PromSample[], name: string): number | null {
  let found = false;
  let sum = 0;
  for (const s of samples) {
    if (s.name !== name) continue;
    found = true;
    sum += s.value;
  }
  return found ? sum : null;
}

/** Sample of `name` whose labels include `labels`. */
export function valueOf(
  samples: readonly PromSample[],
  name: string,
  labels: Record<string, string> = {},
): number | null {
  for (const s of samples) {
    if (s.name !== name) continue;
    if (Object.entries(labels).every(([k, v]) => s.labels[k] === v)) return s.value;
  }
  return null;
}
