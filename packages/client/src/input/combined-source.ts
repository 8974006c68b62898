import type { InputIntent, InputSource } from '../netcode/input-sampler.js';

/** Several devices at once (a tablet with a keyboard): movement adds up, the last source with an aim wins. */
export function combineSources(sources: readonly InputSource[]): InputSource {
  return {
    read(): InputIntent {
      let mx = 0;
      let my = 0;
      let aim: number | null = null;
      let fire = false;
      for (const s of sources) {
        const i = s.read();
        mx += i.mx;
        my += i.my;
        if (i.aim !== null) aim = i.aim;
        fire ||= i.fire;
      }
      return { mx, my, aim, fire };
    },
  };
}
