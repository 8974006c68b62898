import { readFile } from 'node:fs/promises';
import { LoadtestError, LoadtestErrorCode } from '../errors.js';
import type { Report } from '../report/report.js';

/** Read a `--json` report (or an HTML report, which embeds it). A file that is neither is a BAD_FLAGS error. */
export async function readReport(file: string): Promise<Report> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new LoadtestError(LoadtestErrorCode.BAD_FLAGS, `cannot read report ${file} (${code})`);
  }
  const embedded = /<script type="application\/json" id="report">([\s\S]*?)<\/script>/.exec(text);
  let value: unknown;
  try {
    value = JSON.parse(embedded ? (embedded[1] ?? '') : text);
  } catch {
    throw new LoadtestError(
      LoadtestErrorCode.BAD_FLAGS,
      `${file} is not a JSON report of tick-arena-loadtest`,
    );
  }
  const r = value as Partial<Report> | null;
  if (!r || r.tool !== 'tick-arena-loadtest' || r.reportVersion !== 1 || !Array.isArray(r.timeline))
    throw new LoadtestError(
      LoadtestErrorCode.BAD_FLAGS,
      `${file} is not a JSON report of tick-arena-loadtest (version 1)`,
    );
  return r as Report;
}
