/**
 * `npm run units:import -- <units.json> --stage dev|prod [--outputs cdk-outputs.json] [--dry-run]`
 * `npm run units:import -- <units.json> --table <name>` (any table, e.g. DynamoDB Local with AWS_ENDPOINT_URL_DYNAMODB)
 *
 * Loads a unit tree (a JSON array of units: id, name, kind, parentId, levels, opened/closed/moves)
 * into the table of a deployed stage. The table name and region come from the stack outputs that
 * `cdk deploy --outputs-file` wrote. Idempotent: units are put by key, so importing twice is harmless.
 */
import '../local/quiet-sdk.ts';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import * as z from 'zod';
import { UnitSchema } from '../schemas/unit.ts';
import { stackOutputs, useStageRegion } from './stack-outputs.ts';

const USAGE = 'usage: npm run units:import -- <units.json> (--stage dev|prod [--outputs cdk-outputs.json] | --table <name>) [--dry-run]';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { stage: { type: 'string' }, outputs: { type: 'string' }, table: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
});
const [file] = positionals;
if (!file || (!values.stage && !values.table)) {
  console.error(USAGE);
  process.exit(2);
}

const parsed = z.array(UnitSchema).safeParse(JSON.parse(readFileSync(file, 'utf8')));
if (!parsed.success) {
  for (const issue of parsed.error.issues.slice(0, 20)) console.error(`  ${issue.path.join('.')}: ${issue.message}`);
  console.error(`${file}: not a unit tree`);
  process.exit(2);
}

let tableName = values.table;
if (values.stage) {
  const outputs = stackOutputs(values.stage, values.outputs);
  useStageRegion(outputs);
  tableName = outputs.TableName;
}
const kinds = new Map<string, number>();
for (const unit of parsed.data) kinds.set(unit.kind, (kinds.get(unit.kind) ?? 0) + 1);
const summary = [...kinds].map(([kind, n]) => `${n} ${kind}`).join(', ');
if (values['dry-run']) {
  console.log(`${parsed.data.length} units (${summary}) would go to ${tableName}`);
  process.exit(0);
}
// Loaded after the region is set: the SDK clients read it when they are created.
const { loadUnits } = await import('../local/seed.ts');
const items = await loadUnits(tableName as string, parsed.data);
console.log(`${items} units (${summary}) written to ${tableName}`);
