import type { PercentileSummary } from '../stats/hdr.js';

/** Low / typical / worst of a server-side figure, ms. */
export interface ServerPercentiles {
  p50: number | null;
  p99: number | null;
  max: number | null;
}

/** The server's own view over the measured window, from its `/metrics`. */
export interface ServerFigures {
  tickMs: ServerPercentiles;
  eventLoopDelayMs: ServerPercentiles;
  /** Ticks longer than the tick period, and ticks dropped by a loop that fell behind, in the window. */
  tickOverruns: number | null;
  ticksDropped: number | null;
  rooms: number | null;
  players: number | null;
  /** CPU time per wall time; 100 = one core. */
  cpuPercent: number | null;
  rssBytes: number | null;
  bytesSentPerSec: number | null;
  bytesReceivedPerSec: number | null;
  messagesSentPerSec: number | null;
  messagesReceivedPerSec: number | null;
}

/** How hard the tester itself worked: if it was saturated, the figures measure the tester, not the server. */
export interface TesterFigures {
  workers: number;
  /** CPU time of the tester process (all threads) per wall time; 100 = one core. */
  cpuPercent: number | null;
  /** Busy share of the whole machine (server included when it runs here), percent. */
  machineCpuPercent: number | null;
  /** Highest event-loop utilisation of any worker (0..1). */
  maxEventLoopUtilisation: number | null;
  /** Worst worker's event-loop delay p99 and max, ms. */
  eventLoopDelayP99Ms: number | null;
  eventLoopDelayMaxMs: number | null;
  saturated: boolean;
  /** Why the tester counts as saturated (empty when it is not). */
  reasons: string[];
}

/**
 * One tester of a distributed run (`--agents`): the coordinator or an agent, its share of the bots and how
 * hard it worked. A saturated agent spoils the figures of its own bots only, so each is judged apart.
 */
export interface ParticipantFigures {
  name: string;
  role: 'coordinator' | 'agent';
  host: string;
  pid: number;
  /** Its bots: started, and in a room at the end of the window. */
  clients: { target: number; connected: number };
  /** Its bots' delivered / nominal snapshot rate and gap p99 (ms), to spot one tester measuring worse. */
  deliveredRatio: number | null;
  gapP99Ms: number | null;
  /** Gaps it recorded: its part of the merged percentiles. */
  gapSamples: number;
  tester: TesterFigures;
  /** Why its figures are missing (it stopped answering), or null. */
  lost: string | null;
}

/** Everything measured over one window. Rates are per second, sizes in bytes, times in ms. */
export interface Figures {
  windowSeconds: number;
  clients: {
    target: number;
    /** Bots in a room at the end of the window. */
    connected: number;
    connectOk: number;
    connectFailed: number;
    /** Failures by reason (server error code, or transport error). */
    connectFailures: Record<string, number>;
    disconnects: number;
    disconnectReasons: Record<string, number>;
    /** Connection and room join, from `io()` to the join ack. */
    connectMs: PercentileSummary;
  };
  snapshots: {
    /** Rate the rooms were configured for: tick rate / snapshotEvery. */
    nominalRate: number | null;
    /** Mean over clients of snapshots received per second. */
    deliveredRate: number | null;
    /** Mean over clients of delivered / nominal. */
    deliveredRatio: number | null;
    /** The client that received the fewest. */
    worstClientRate: number | null;
    /** Snapshots a client never got (tick numbers skipped), per client per second. */
    missedPerClient: number | null;
    /**
     * What the bots' `SnapshotReceiver`s counted in the window, over all clients: full snapshots (the
     * first after a join, and any resync), snapshots refused as malformed, state-hash mismatches, and
     * deltas against a baseline the client did not hold. All but the first should be zero.
     */
    fullSnapshots: number;
    decodeErrors: number;
    desyncs: number;
    missingBaselines: number;
  };
  /** Time between consecutive snapshots at one client (jitter). */
  gapMs: PercentileSummary;
  /** Receipt time minus the snapshot's server time, with the clock offset estimated by ping. */
  ageMs: PercentileSummary;
  /** Input sent to the first snapshot whose `lastSeq` covers it. */
  ackMs: PercentileSummary;
  bytes: {
    /** TCP bytes per client per second (WebSocket frames with their headers). */
    downPerClient: number | null;
    upPerClient: number | null;
    downTotal: number;
    upTotal: number;
    /** Mean payload of a snapshot: the binary delta snapshot alone, without event code or framing. */
    perSnapshot: number | null;
  };
  server: ServerFigures | null;
  /** All testers together; with `--agents`, the worst of them (`agents` has each one). */
  tester: TesterFigures;
  /**
   * Reconnecting bots (a scenario's `reconnecting` behaviour) in the window: seats got back with the resume
   * token, resumes refused (also counted as disconnects), and the time from dropping the connection to the
   * resume's answer. Absent from reports written before this field.
   */
  reconnects?: { resumed: number; failed: number; resumeMs: PercentileSummary };
  /** Each tester of a distributed run (`--agents`), the coordinator first. Absent in a single-tester run. */
  agents?: ParticipantFigures[];
}
