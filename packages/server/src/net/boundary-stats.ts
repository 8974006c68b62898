import type { Violation } from './guard.js';

/** Counters of what the boundary refused and why; `/metrics` exports them. */
export class BoundaryStats {
  readonly rejected = new Map<Violation, number>();
  abuseDisconnects = 0;
  slowDisconnects = 0;
  refusedConnections = 0;

  reject(v: Violation): void {
    this.rejected.set(v, (this.rejected.get(v) ?? 0) + 1);
  }
}
