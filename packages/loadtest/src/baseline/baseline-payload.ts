import type { EventTuple, PlayerTuple, SnapshotWire } from '@tick-arena/common';

/**
 * A snapshot-shaped payload for the baseline: one realistic tuple per member (positions with two
 * decimals, as the simulation quantises them, and the member's real `lastSeq` so acknowledgement latency
 * is measured the same way) plus filler shot events until the JSON reaches `targetBytes`, the size the
 * real server's snapshots were measured at. The fill is computed once per member count.
 */
export class BaselinePayload {
  private filler: EventTuple[] = [];
  private fillerFor = -1;

  constructor(private readonly targetBytes: number) {}

  build(tick: number, serverTime: number, members: readonly { id: number; lastSeq: number }[]): SnapshotWire {
    const p: PlayerTuple[] = members.map((m) => {
      const phase = (tick + m.id * 37) / 30;
      return [
        m.id,
        Math.round((1000 + 800 * Math.sin(phase)) * 100) / 100,
        Math.round((600 + 500 * Math.cos(phase * 0.7)) * 100) / 100,
        Math.round(Math.sin(phase * 1.3) * 3000) / 1000,
        100,
        1,
        m.lastSeq,
        m.id % 7,
        m.id % 5,
      ];
    });
    if (this.fillerFor !== members.length) this.fill(tick, serverTime, p);
    return { t: tick, st: serverTime, p, e: this.filler, r: [1, 1, 120.5, -1] };
  }

  private fill(tick: number, serverTime: number, p: PlayerTuple[]): void {
    this.filler = [];
    this.fillerFor = p.length;
    const size = () =>
      JSON.stringify({ t: tick, st: serverTime, p, e: this.filler, r: [1, 1, 120.5, -1] }).length;
    const shot: EventTuple = [0, 3, 1234.56, 678.9, 1634.12, 455.78, -1];
    while (size() < this.targetBytes && this.filler.length < 200) this.filler.push(shot);
  }
}
