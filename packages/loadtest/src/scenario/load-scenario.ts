import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { Compile } from 'typebox/compile';
import { parse as parseYaml } from 'yaml';
import { BotBehaviour } from '../bot/bot-behaviours.js';
import { LoadtestError, LoadtestErrorCode } from '../errors.js';
import { ScenarioFile, type Phase, type Scenario } from './schema.js';

/** Compiled once: a scenario is checked once per run, but the CLI tests check many. */
const validator = Compile(ScenarioFile);

/** `scenario: /phases/2/duration: must be > 0`, as a BAD_FLAGS error (exit 2). */
function invalid(path: string, message: string): LoadtestError {
  return new LoadtestError(LoadtestErrorCode.BAD_FLAGS, `scenario: ${path || '/'}: ${message}`);
}

interface SchemaError {
  keyword: string;
  instancePath: string;
  message: string;
  params: Record<string, unknown>;
}

/**
 * The one error to show: the first, except that a closed object's own complaint gives way to the one naming
 * the unknown key, and an enum lists what it accepts.
 */
function firstError(errors: readonly SchemaError[]): LoadtestError | null {
  for (const e of errors) {
    if (e.keyword === 'additionalProperties') continue;
    if (e.keyword === 'boolean') return invalid(e.instancePath, 'is not a known property');
    if (e.keyword === 'enum' && Array.isArray(e.params.allowedValues))
      return invalid(e.instancePath, `must be one of ${e.params.allowedValues.join(', ')}`);
    return invalid(e.instancePath, e.message);
  }
  const [e] = errors;
  return e ? invalid(e.instancePath, e.message) : null;
}

/** The text of a scenario file as a value: JSON by `.json`, YAML by `.yaml` / `.yml`. */
function parseText(file: string, text: string): unknown {
  const ext = extname(file).toLowerCase();
  if (ext === '.json') {
    try {
      return JSON.parse(text) as unknown;
    } catch (err) {
      throw new LoadtestError(
        LoadtestErrorCode.BAD_FLAGS,
        `scenario: ${file} is not valid JSON: ${(err as Error).message}`,
      );
    }
  }
  if (ext === '.yaml' || ext === '.yml') {
    try {
      return parseYaml(text, { prettyErrors: false }) as unknown;
    } catch (err) {
      const first = (err as Error).message.split('\n')[0] ?? '';
      throw new LoadtestError(LoadtestErrorCode.BAD_FLAGS, `scenario: ${file} is not valid YAML: ${first}`);
    }
  }
  throw new LoadtestError(
    LoadtestErrorCode.BAD_FLAGS,
    `scenario: ${file}: expected a .json, .yaml or .yml file`,
  );
}

/** Rules across fields that a schema cannot say, and the targets of each phase. */
function phasesOf(file: ScenarioFile): Phase[] {
  let clients = 0;
  const phases = file.phases.map((p, i): Phase => {
    const at = `/phases/${i}`;
    if ((p.kind === 'ramp' || p.kind === 'spike') && p.clients === undefined)
      throw invalid(`${at}/clients`, `a ${p.kind} needs the clients it ends with`);
    if (p.kind === 'hold' && p.clients !== undefined)
      throw invalid(`${at}/clients`, 'a hold keeps the clients it starts with; leave it out');
    if (p.rise !== undefined && p.kind !== 'spike') throw invalid(`${at}/rise`, 'only a spike has a rise');
    const rise = p.rise ?? 1;
    if (p.kind === 'spike' && rise > p.duration)
      throw invalid(`${at}/rise`, `must be <= the duration (${p.duration})`);
    const target = p.kind === 'hold' ? clients : (p.clients ?? 0);
    if (p.kind === 'spike' && target <= clients)
      throw invalid(`${at}/clients`, `a spike must add clients (it starts with ${clients})`);
    if (p.kind === 'drain' && target > clients)
      throw invalid(`${at}/clients`, `a drain must not add clients (it starts with ${clients})`);
    clients = target;
    return { kind: p.kind, durationSeconds: p.duration, clients: target, riseSeconds: rise };
  });
  if (phases.every((p) => p.clients === 0)) throw invalid('/phases', 'no phase has any clients');
  return phases;
}

/** Check a parsed scenario and fill in its defaults; a BAD_FLAGS error names the first problem's path. */
export function validateScenario(value: unknown): Scenario {
  if (!validator.Check(value)) {
    throw firstError([...validator.Errors(value)] as SchemaError[]) ?? invalid('/', 'invalid scenario');
  }
  const file = value;
  const b = file.behaviours ?? { fighter: 1 };
  const behaviours = {
    [BotBehaviour.IDLE]: b.idle ?? 0,
    [BotBehaviour.WALKER]: b.walker ?? 0,
    [BotBehaviour.FIGHTER]: b.fighter ?? 0,
    [BotBehaviour.RECONNECTING]: b.reconnecting ?? 0,
  };
  if (Object.values(behaviours).every((w) => w === 0))
    throw invalid('/behaviours', 'the weights add up to 0');
  return {
    name: file.name,
    description: file.description ?? null,
    rooms: file.rooms.map((r) => ({
      weight: r.weight ?? 1,
      size: r.size ?? 16,
      tickRate: r.tickRate ?? 30,
      snapshotEvery: r.snapshotEvery,
      bots: r.bots ?? 0,
    })),
    behaviours,
    reconnectEverySeconds: file.reconnectEverySeconds ?? 30,
    phases: phasesOf(file),
  };
}

/** Read, parse and validate a scenario file. Every failure is one line, as a BAD_FLAGS error (exit 2). */
export async function loadScenario(file: string): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new LoadtestError(LoadtestErrorCode.BAD_FLAGS, `scenario: cannot read ${file} (${code})`);
  }
  return validateScenario(parseText(file, text));
}
