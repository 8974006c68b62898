import { hostname } from 'node:os';
import type { LoadRun } from '../coordinator/load-run.js';
import type { Figures } from '../report/figures.js';
import { encodeHistogram } from '../stats/hdr.js';
import type { TesterIdentity, WindowShare } from '../stats/merge-figures.js';

/** This process as a tester of a distributed run. */
export function identity(name: string, role: TesterIdentity['role']): TesterIdentity {
  return { name, role, host: hostname(), pid: process.pid };
}

/** The window `run.measure` just returned as `figures`, in the form that merges exactly with other testers'. */
export function windowShareOf(run: LoadRun, figures: Figures, who: TesterIdentity): WindowShare {
  const w = run.lastWindow;
  if (!w) throw new Error('windowShareOf: the run has not measured a window');
  return {
    who,
    figures,
    rates: w.rates,
    histograms: {
      gap: encodeHistogram(w.hist.gap),
      age: encodeHistogram(w.hist.age),
      ack: encodeHistogram(w.hist.ack),
      connect: encodeHistogram(run.connectHistogram),
    },
  };
}
