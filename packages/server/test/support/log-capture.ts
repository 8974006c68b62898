/** Collects pino's JSON lines so a test can assert that nothing was logged at error level or above. */
export class LogCapture {
  readonly lines: { level: number; msg?: string; err?: unknown }[] = [];

  write(line: string): void {
    try {
      this.lines.push(JSON.parse(line) as { level: number; msg?: string });
    } catch {
      this.lines.push({ level: 60, msg: `unparseable log line: ${line}` });
    }
  }

  /** pino levels: 50 = error, 60 = fatal. */
  errors() {
    return this.lines.filter((l) => l.level >= 50);
  }
}
