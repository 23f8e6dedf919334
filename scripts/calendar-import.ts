/**
 * `npm run calendar:import -- <file> --unit <unitId> [--year 2022-2023] [--dry-run] [--json]`
 * Reads a work calendar document and stores its items (grouped by school year), or only prints
 * them: `--dry-run` as a table, `--json` as a JSON array.
 */
import '../local/quiet-sdk.ts';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CALENDAR_RULES } from '../catalog/calendar-rules.ts';
import { CalendarParseError, parseCalendar, schoolYearOf } from '../domain/calendar.ts';
import { connectToTable } from '../local/connect.ts';
import type { CalendarItem } from '../schemas/calendar.ts';

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    unit: { type: 'string' },
    year: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    'data-dir': { type: 'string', default: '.data' },
  },
});
const file = positionals[0];
if (!file || (!args.unit && !args['dry-run'] && !args.json)) {
  console.error('usage: npm run calendar:import -- <file> --unit <unitId> [--year 2022-2023] [--dry-run] [--json]');
  process.exit(2);
}
let items: CalendarItem[];
try {
  items = parseCalendar(readFileSync(file, 'utf8'), CALENDAR_RULES, { schoolYear: args.year });
} catch (error) {
  if (!(error instanceof CalendarParseError)) throw error;
  console.error(error.message);
  process.exit(2);
}
if (args.json) {
  console.log(
    JSON.stringify(
      items.map(({ month, text, date, audience, kind, period }) => ({ month, text, date, audience, kind, ...(period ? { period } : {}) })),
      null,
      2,
    ),
  );
  process.exit(0);
}
if (args['dry-run']) {
  const width = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s.padEnd(n));
  console.log(`${width('month', 8)} ${width('date', 11)} ${width('kind', 11)} ${width('audience', 13)} task`);
  for (const item of items)
    console.log(
      `${width(item.month, 8)} ${width(item.date ?? '', 11)} ${width(item.kind + (item.period ? `:${item.period}` : ''), 11)} ${width(item.audience, 13)} ${item.text}`,
    );
  console.log(`${items.length} items in ${new Set(items.map((i) => i.month)).size} months; nothing stored (dry run)`);
  process.exit(0);
}
const tableName = connectToTable(args['data-dir'] as string);
const { importCalendar } = await import('../functions/commons/calendar-store.ts');
const years = [...new Set(items.map((item) => schoolYearOf(item.month)))];
for (const year of years) {
  const result = await importCalendar(
    tableName,
    args.unit as string,
    year,
    items.filter((item) => schoolYearOf(item.month) === year),
  );
  console.log(`${args.unit} ${year}: ${result.added} added, ${result.removed} removed, ${result.unchanged} unchanged`);
}
