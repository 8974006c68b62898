/** `pnpm --filter @tick-arena/loadtest scenario-schema`: the scenario fields table for docs/loadtest.md. */
import { scenarioSchemaMarkdown } from './schema-doc.js';

process.stdout.write(`${scenarioSchemaMarkdown()}\n`);
