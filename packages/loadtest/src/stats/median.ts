/** Median of finite numbers; `null` when there are none. The mean of the middle two for an even count. */
export function median(values: readonly (number | null | undefined)[]): number | null {
  const xs = values
    .filter((v): v is number => typeof v === 'number' && Number.isFinite(v))
    .sort((a, b) => a - b);
  if (xs.length === 0) return null;
  const mid = xs.length >> 1;
  return xs.length % 2 === 1 ? (xs[mid] as number) : ((xs[mid - 1] as number) + (xs[mid] as number)) / 2;
}

type Plain = number | string | boolean | null | undefined | Plain[] | { [k: string]: Plain };

/**
 * Field-by-field median of several objects of the same shape (figures of repeated windows): each number is
 * the median of that number across the objects; anything else is taken from the last object. This is how
 * a capacity step shrugs off one window spoiled by a noisy neighbour.
 */
export function medianOf<T>(objects: readonly T[]): T {
  const last = objects[objects.length - 1];
  if (last === undefined) throw new RangeError('medianOf needs at least one object');
  return combine(objects as unknown as Plain[], last as unknown as Plain) as unknown as T;
}

function combine(values: Plain[], last: Plain): Plain {
  if (typeof last === 'number' || (last === null && values.some((v) => typeof v === 'number'))) {
    return median(values.map((v) => (typeof v === 'number' ? v : null)));
  }
  if (last !== null && typeof last === 'object' && !Array.isArray(last)) {
    const out: { [k: string]: Plain } = {};
    for (const key of Object.keys(last)) {
      out[key] = combine(
        values.map((v) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? v[key] : undefined)),
        last[key],
      );
    }
    return out;
  }
  return last;
}
