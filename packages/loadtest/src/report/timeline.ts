/** One second of a run, for the live progress line and the report's charts. `null` = not measured. */
export interface TimelinePoint {
  /** Seconds since the run started. */
  t: number;
  /** Bots in a room. */
  clients: number;
  /** Bots dispatched so far (connected, connecting or failed). */
  target: number;
  nominalRate: number | null;
  deliveredRate: number | null;
  gapP50: number | null;
  gapP99: number | null;
  ageP50: number | null;
  ageP99: number | null;
  ackP50: number | null;
  ackP99: number | null;
  downPerClient: number | null;
  upPerClient: number | null;
  /** Mean snapshot payload, bytes. */
  bytesPerSnapshot: number | null;
  serverTickP50: number | null;
  serverTickP99: number | null;
  serverLoopDelayP99: number | null;
  serverCpuPercent: number | null;
  testerCpuPercent: number | null;
  testerUtilisation: number | null;
  testerLoopDelayP99: number | null;
  /** Set while a measured window is open (its label), for shading in the charts. */
  window: string | null;
}
