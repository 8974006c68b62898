/**
 * Call `onTick` once per tick at `rateHz`, each deadline one period after the last (no drift; a late
 * wake-up runs the ticks it owes back to back), as the scripted test players send their inputs.
 * Returns the function that stops it.
 */
export function everyTick(rateHz: number, onTick: () => void): () => void {
  const period = 1000 / rateHz;
  let deadline = performance.now() + period;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const run = (): void => {
    const now = performance.now();
    while (deadline <= now) {
      onTick();
      deadline += period;
    }
    timer = setTimeout(run, Math.max(0, deadline - performance.now()));
  };
  timer = setTimeout(run, period);
  return () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };
}
