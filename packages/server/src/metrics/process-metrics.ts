import { Counter, Gauge, type Registry } from 'prom-client';

/**
 * Process CPU and memory under prom-client's default metric names, so stock Node.js dashboards work.
 * Not `collectDefaultMetrics()`: it starts an event-loop monitor and a GC observer that can never be
 * stopped, and tests build dozens of apps in one process. These read the values only when scraped.
 */
export function registerProcessMetrics(registry: Registry): void {
  let lastCpu = process.cpuUsage();
  // prom-client reads metrics in registration order right after each one's `collect`, so the first of the
  // three counters brings all three up to date. Counters only go up: add the usage since the last scrape.
  const system = new Counter({
    name: 'process_cpu_system_seconds_total',
    help: 'System CPU time spent in seconds.',
    registers: [],
  });
  const total = new Counter({
    name: 'process_cpu_seconds_total',
    help: 'Total user and system CPU time spent in seconds.',
    registers: [],
  });
  new Counter({
    name: 'process_cpu_user_seconds_total',
    help: 'User CPU time spent in seconds.',
    registers: [registry],
    collect() {
      const now = process.cpuUsage();
      const du = (now.user - lastCpu.user) / 1e6;
      const ds = (now.system - lastCpu.system) / 1e6;
      lastCpu = now;
      this.inc(du);
      system.inc(ds);
      total.inc(du + ds);
    },
  });
  registry.registerMetric(system);
  registry.registerMetric(total);
  new Gauge({
    name: 'process_resident_memory_bytes',
    help: 'Resident memory size in bytes.',
    registers: [registry],
    collect() {
      this.set(process.memoryUsage.rss());
    },
  });
  const heapUsed = new Gauge({
    name: 'nodejs_heap_size_used_bytes',
    help: 'Process heap size used from Node.js in bytes.',
    registers: [],
  });
  new Gauge({
    name: 'nodejs_heap_size_total_bytes',
    help: 'Process heap size from Node.js in bytes.',
    registers: [registry],
    collect() {
      const m = process.memoryUsage();
      this.set(m.heapTotal);
      heapUsed.set(m.heapUsed);
    },
  });
  registry.registerMetric(heapUsed);
}
