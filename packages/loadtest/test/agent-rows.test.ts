import { describe, expect, it } from 'vitest';
import { agentRows } from '../src/report/agent-rows.js';
import type { ParticipantFigures } from '../src/report/figures.js';
import { figureRows } from '../src/report/table.js';
import { warningsFor } from '../src/report/warnings.js';
import { sampleFigures } from './support/sample-figures.js';

function tester(over: Partial<ParticipantFigures>): ParticipantFigures {
  return {
    name: 'coordinator',
    role: 'coordinator',
    host: 'box1',
    pid: 100,
    clients: { target: 16, connected: 16 },
    deliveredRatio: 0.995,
    gapP99Ms: 41.3,
    gapSamples: 4800,
    tester: sampleFigures().tester,
    lost: null,
    ...over,
  };
}

describe('per-tester rows of a distributed run', () => {
  it('shows each tester with its bots, what they received and its own saturation', () => {
    const f = sampleFigures();
    f.agents = [
      tester({}),
      tester({
        name: 'box2',
        role: 'agent',
        host: 'box2',
        pid: 200,
        tester: {
          ...sampleFigures().tester,
          maxEventLoopUtilisation: 0.95,
          saturated: true,
          reasons: ['busy'],
        },
      }),
      tester({ name: 'box3', role: 'agent', host: 'box3', pid: 300, lost: 'no heartbeat for 5.1 s' }),
    ];
    const rows = figureRows(f);
    expect(rows.map(([k]) => k).slice(-4)).toEqual([
      'testers, all together',
      '  coordinator',
      '  agent box2',
      '  agent box3',
    ]);
    const [coordinator, box2, box3] = agentRows(f).map(([, v]) => v);
    expect(coordinator).toBe(
      '16 of 16 bots, delivered 99.5%, gap p99 41.3 ms; 1 workers, CPU 15.0%, busiest worker 20%, loop delay p99 2.0 ms, machine 40.0% -> ok (pid 100 on box1)',
    );
    expect(box2).toMatch(/busiest worker 95%.*-> SATURATED \(pid 200 on box2\)$/);
    expect(box3).toBe('LOST: no heartbeat for 5.1 s; its 16 bots count as dropped (pid 300 on box3)');
    expect(warningsFor(f, { url: null, reachable: null, error: null })).toContain(
      "Agent box3 was lost (no heartbeat for 5.1 s): its 16 bots count as dropped, and the figures are the other testers' only.",
    );
  });

  it('adds nothing to a single-tester run', () => {
    const rows = figureRows(sampleFigures());
    expect(rows.at(-1)?.[0]).toBe('tester');
    expect(agentRows(sampleFigures())).toEqual([]);
  });
});
