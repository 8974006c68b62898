import { cpus } from 'node:os';

/** CPU readings at one moment: this process (all threads) and the machine. */
export interface CpuReading {
  at: number;
  processMicros: number;
  machineBusy: number;
  machineTotal: number;
}

export function readCpu(): CpuReading {
  const u = process.cpuUsage();
  let busy = 0;
  let total = 0;
  for (const c of cpus()) {
    const t = c.times;
    busy += t.user + t.nice + t.sys + t.irq;
    total += t.user + t.nice + t.sys + t.irq + t.idle;
  }
  return { at: performance.now(), processMicros: u.user + u.system, machineBusy: busy, machineTotal: total };
}

/**
 * Tester CPU between two readings (100 = one core; worker threads included, since `process.cpuUsage`
 * covers the whole process) and the machine's busy share in percent (everything running on it, the
 * server too when it is local).
 */
export function cpuBetween(
  a: CpuReading,
  b: CpuReading,
): { processPercent: number | null; machinePercent: number | null } {
  const wallMs = b.at - a.at;
  const total = b.machineTotal - a.machineTotal;
  return {
    processPercent:
      wallMs > 0 ? Math.round(((b.processMicros - a.processMicros) / 1000 / wallMs) * 1000) / 10 : null,
    machinePercent: total > 0 ? Math.round(((b.machineBusy - a.machineBusy) / total) * 1000) / 10 : null,
  };
}
