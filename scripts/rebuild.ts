/**
 * `npm run rebuild -- --period <period> [--unit <id>] [--fix]`
 * Recomputes aggregates from the stored school versions, reports every difference and exits 1
 * when there is one; `--fix` repairs them. Talks to the running local system (read from
 * .data/runtime.json) or to whatever TABLE_NAME and AWS_ENDPOINT_URL_DYNAMODB / AWS credentials say.
 */
import '../local/quiet-sdk.ts';
import { parseArgs } from 'node:util';
import { connectToTable } from '../local/connect.ts';

const { values: args } = parseArgs({
  options: { period: { type: 'string' }, unit: { type: 'string' }, fix: { type: 'boolean', default: false }, 'data-dir': { type: 'string', default: '.data' } },
});
if (!args.period) {
  console.error('usage: npm run rebuild -- --period <period> [--unit <id>] [--fix]');
  process.exit(2);
}
const tableName = connectToTable(args['data-dir'] as string);
const { rebuild } = await import('../functions/commons/rebuild.ts');
const { CATALOG } = await import('../catalog/index.ts');
const { progressBar } = await import('../local/demo.ts');
const report = await rebuild(tableName, CATALOG, args.period, { unitId: args.unit, fix: args.fix, onProgress: progressBar('Reading school versions') });
console.log(`period ${report.period}: ${report.schools} schools, ${report.units} aggregates checked`);
if (report.pending.length > 0) console.log(`pending (latest version not rolled up yet): ${report.pending.join(', ')}`);
for (const d of report.differences) console.log(`DIFF ${d.unitId} ${d.field}: stored ${JSON.stringify(d.stored)}, recomputed ${JSON.stringify(d.recomputed)}`);
console.log(
  report.differences.length === 0
    ? 'no difference'
    : `${report.differences.length} difference(s)${args.fix ? `, ${report.fixed} aggregate(s) repaired` : '; run again with --fix to repair'}`,
);
process.exit(report.differences.length > 0 && !args.fix ? 1 : 0);
