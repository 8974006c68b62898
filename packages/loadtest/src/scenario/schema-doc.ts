import { ScenarioFile } from './schema.js';

/** The parts of a JSON Schema node this table reads (TypeBox schemas are plain JSON Schema). */
interface Node {
  type?: string;
  enum?: unknown[];
  description?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, Node>;
  required?: string[];
  items?: Node;
}

function typeOf(n: Node): string {
  if (n.enum) return n.enum.map((v) => `\`${String(v)}\``).join(' \\| ');
  if (n.type === 'array')
    return `list of ${n.items?.type === 'object' ? 'objects' : (n.items?.type ?? 'values')}`;
  return n.type ?? 'any';
}

function limits(n: Node): string {
  const out: string[] = [];
  if (n.exclusiveMinimum !== undefined) out.push(`> ${n.exclusiveMinimum}`);
  if (n.minimum !== undefined) out.push(`>= ${n.minimum}`);
  if (n.maximum !== undefined) out.push(`<= ${n.maximum}`);
  if (n.minLength !== undefined) out.push(`${n.minLength}-${n.maxLength ?? ''} chars`);
  else if (n.maxLength !== undefined) out.push(`<= ${n.maxLength} chars`);
  if (n.minItems !== undefined) out.push(`${n.minItems}-${n.maxItems ?? ''} items`);
  return out.join(', ');
}

function rows(node: Node, prefix: string, out: string[][]): void {
  const required = new Set(node.required ?? []);
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const path = `${prefix}${key}`;
    out.push([
      `\`${path}\``,
      typeOf(child),
      required.has(key)
        ? 'yes'
        : child.default !== undefined
          ? `no (${JSON.stringify(child.default)})`
          : 'no',
      limits(child),
      child.description ?? '',
    ]);
    if (child.properties) rows(child, `${path}.`, out);
    if (child.items?.properties) rows(child.items, `${path}[].`, out);
  }
}

/**
 * The scenario file's fields as a Markdown table, generated from the TypeBox schema that validates them
 * (docs/loadtest.md carries it; a test keeps the two equal). `pnpm --filter @tick-arena/loadtest
 * scenario-schema` prints it.
 */
export function scenarioSchemaMarkdown(): string {
  const out: string[][] = [];
  rows(ScenarioFile as unknown as Node, '', out);
  const header = ['field', 'type', 'required (default)', 'bounds', 'meaning'];
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...out.map(line)].join('\n');
}
