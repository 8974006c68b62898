import { ExitCode } from '../errors.js';
import type { Report } from '../report/report.js';
import { describeResult } from '../stats/thresholds.js';

/** How a finished run ends: its exit code and the one line that says why. */
export interface Verdict {
  code: ExitCode;
  /** Without the program name or a newline. */
  line: string;
  /** stdout for a pass, stderr for a failure. */
  stream: 'stdout' | 'stderr';
}

/** What the verdict needs of the plan: thresholds were asked for, and how many failed connects are fine. */
export interface VerdictRules {
  thresholdsGiven: boolean;
  /** Share of the bots that may fail to connect and join, 0..1 (`--allow-connect-failures`). */
  allowConnectFailures: number;
}

/** `E_TOO_MANY_CONNECTIONS x18, timeout x2`: failure reasons, most frequent first. */
function reasons(counts: Record<string, number>): string {
  return Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .map(([r, n]) => `${r} x${n}`)
    .join(', ');
}

/**
 * Bots of a fixed-size run that never got into a room, if more than the rule allows: `18 of 50 clients
 * failed to connect (E_TOO_MANY_CONNECTIONS x18)`, or null. A bot that got no answer at all counts as
 * failed too ("no answer"): a run is judged on the bots it asked for, not on those that answered.
 * A capacity search is left alone: there, failed connects are one of the SLO rules that end the search.
 */
function connectFailures(report: Report, allowed: number): string | null {
  const f = report.figures;
  if (report.capacity || !f) return null;
  const target = f.clients.target;
  const failed = target - f.clients.connectOk;
  if (target === 0 || failed <= 0 || failed / target <= allowed) return null;
  const counts = { ...f.clients.connectFailures };
  const unanswered = failed - f.clients.connectFailed;
  if (unanswered > 0) counts['no answer'] = (counts['no answer'] ?? 0) + unanswered;
  const rule =
    allowed > 0
      ? `more than --allow-connect-failures ${allowed} allows`
      : 'none allowed (see --allow-connect-failures)';
  return `${failed} of ${target} clients failed to connect (${reasons(counts)}); ${rule}`;
}

/**
 * The exit code of a finished run and the one line that says why: 1 when bots failed to connect beyond
 * `--allow-connect-failures`, an `--assert` threshold failed, or a capacity search found no step that held
 * (all listed on the one line), else 0.
 */
export function verdict(report: Report, rules: VerdictRules): Verdict {
  const failures: string[] = [];
  const connects = connectFailures(report, rules.allowConnectFailures);
  if (connects) failures.push(connects);
  const failed = report.assertions?.filter((a) => !a.ok) ?? [];
  if (rules.thresholdsGiven && !report.assertions) failures.push('assertion failed: nothing was measured');
  else if (failed.length > 0)
    failures.push(`${failed.length} assertion(s) failed: ${failed.map(describeResult).join(', ')}`);
  const noCapacity = report.capacity && report.capacity.capacity === null;
  if (noCapacity)
    failures.push(`capacity search: not even the first step held (${report.capacity?.stoppedBecause})`);
  if (failures.length > 0)
    return { code: ExitCode.ASSERT_FAILED, line: failures.join('; '), stream: 'stderr' };
  const f = report.figures;
  const held = report.assertions ? `; ${report.assertions.length} assertion(s) held` : '';
  if (report.capacity) {
    const c = report.capacity.capacity;
    return { code: ExitCode.OK, line: `passed: capacity ${c} clients${held}`, stream: 'stdout' };
  }
  const connected = f ? `${f.clients.connectOk} of ${f.clients.target} clients connected` : 'done';
  return { code: ExitCode.OK, line: `passed: ${connected}${held}`, stream: 'stdout' };
}
