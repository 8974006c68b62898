import { LoadtestError, LoadtestErrorCode } from '../errors.js';
import { AgentTiming, type AgentRecord } from './protocol.js';

/**
 * Who is invited, who joined and who said no while a coordinator gathers its agents. Places 1..count are
 * handed out to invitations; a place comes back when its agent declines or does not answer within
 * INVITE_TIMEOUT_MS, and goes to the next idle agent. Pure bookkeeping: times and records go in as
 * arguments, messages go out through `invite`.
 */
export class Recruiter {
  private readonly pending = new Map<string, { index: number; at: number }>();
  private readonly free: number[];
  readonly joined = new Map<string, { record: AgentRecord; index: number }>();
  /** Why agents did not join, by name. */
  readonly declined = new Map<string, string>();
  /** Busy agents seen (in another coordinator's run), by name. */
  readonly busy = new Map<string, string>();
  private seen = new Set<string>();

  /**
   * `inviteTimeoutMs`: how long an invited agent may take to answer. It checks the server before it accepts,
   * so give it the connect timeout and then some.
   */
  constructor(
    readonly count: number,
    private readonly invite: (record: AgentRecord, index: number) => void,
    private readonly inviteTimeoutMs: number = AgentTiming.INVITE_TIMEOUT_MS,
  ) {
    this.free = Array.from({ length: count }, (_, i) => i + 1);
  }

  get done(): boolean {
    return this.joined.size >= this.count;
  }

  /** Ids invited and not yet answered. */
  get invited(): string[] {
    return [...this.pending.keys()];
  }

  /**
   * An agent's answer. Returns its place when it joins, null otherwise (not invited, declined, or an answer
   * that came after its invitation was given up: the caller tells such an agent to go back to waiting).
   */
  answer(record: AgentRecord, accepted: boolean, reason = 'declined'): number | null {
    const p = this.pending.get(record.id);
    if (!p) {
      // A refusal that came after its invitation was given up still says better why than the silence did.
      if (!accepted && this.declined.has(record.name)) this.declined.set(record.name, reason);
      return null;
    }
    this.pending.delete(record.id);
    if (!accepted) {
      this.declined.set(record.name, reason);
      this.free.push(p.index);
      this.free.sort((a, b) => a - b);
      return null;
    }
    this.joined.set(record.id, { record, index: p.index });
    return p.index;
  }

  /** Invite idle agents of `records` into the free places; give up invitations older than the timeout. */
  step(records: AgentRecord[], now: number): void {
    for (const [id, p] of this.pending) {
      if (now - p.at < this.inviteTimeoutMs) continue;
      this.pending.delete(id);
      this.declined.set(records.find((r) => r.id === id)?.name ?? id, 'did not answer the invitation');
      this.free.push(p.index);
    }
    this.free.sort((a, b) => a - b);
    for (const r of records) {
      this.seen.add(r.name);
      if (this.joined.has(r.id) || this.pending.has(r.id) || this.declined.has(r.name)) continue;
      if (r.state !== 'idle') {
        this.busy.set(r.name, r.runId ?? '?');
        continue;
      }
      const index = this.free.shift();
      if (index === undefined) return;
      this.busy.delete(r.name);
      this.pending.set(r.id, { index, at: now });
      this.invite(r, index);
    }
  }

  /** The one-line error when fewer than `count` joined by the deadline. */
  shortfall(redis: string, waitMs: number): LoadtestError {
    const names = (m: Map<string, string>, fmt: (k: string, v: string) => string) =>
      [...m].map(([k, v]) => fmt(k, v)).join(', ');
    const parts = [
      `--agents ${this.count}: ${this.joined.size} of ${this.count} tester agents joined within ${waitMs / 1000} s on ${redis}`,
    ];
    const found = this.seen.size;
    parts.push(found === 0 ? 'no agent is waiting there' : `${found} found`);
    if (this.joined.size > 0)
      parts.push(`joined: ${[...this.joined.values()].map((j) => j.record.name).join(', ')}`);
    if (this.busy.size > 0) parts.push(`busy: ${names(this.busy, (k, v) => `${k} (run ${v})`)}`);
    if (this.declined.size > 0) parts.push(`declined: ${names(this.declined, (k, v) => `${k} (${v})`)}`);
    if (this.pending.size > 0) parts.push(`no answer yet: ${[...this.pending.keys()].join(', ')}`);
    return new LoadtestError(
      LoadtestErrorCode.AGENTS_MISSING,
      `${parts.join('; ')}. Start agents with: pnpm loadtest agent --redis ${redis}`,
    );
  }
}
