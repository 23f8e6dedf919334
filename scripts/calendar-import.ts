/**
 * `npm run calendar:import -- <file> --unit <unitId> [--year 2022-2023] [--dry-run] [--json]`
 * Reads a work calendar document (.txt in UTF-8 or UTF-16 with BOM, .html, .docx, .pdf with a text
 * layer) and stores its items (grouped by school year), or only prints them: `--dry-run` as a table
 * followed by the ignored text, `--json` as a JSON array. A document it cannot read, one without
 * months, or a bad `--year` exits 2 with the reason.
 */
import '../local/quiet-sdk.ts';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CALENDAR_RULES } from '../catalog/calendar-rules.ts';
import { type CalendarParse, CalendarParseError, parseCalendarDocument, parseSchoolYear, schoolYearOf } from '../domain/calendar.ts';
import { readCalendarDocument } from '../functions/calendar/document.ts';
import { connectToTable } from '../local/connect.ts';

const fail = (message: string): never => {
  console.error(message);
  process.exit(2);
};

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
if (!file || (!args.unit && !args['dry-run'] && !args.json))
  fail('usage: npm run calendar:import -- <file> --unit <unitId> [--year 2022-2023] [--dry-run] [--json]');
try {
  if (args.year !== undefined) parseSchoolYear(args.year);
} catch (error) {
  fail((error as Error).message);
}
let bytes: Buffer = Buffer.alloc(0);
try {
  bytes = readFileSync(file as string);
} catch (error) {
  fail(`Không đọc được tệp "${file}": ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
}
let parsed: CalendarParse = { items: [], ignored: [] };
try {
  const document = await readCalendarDocument(bytes);
  parsed = parseCalendarDocument(document.text, CALENDAR_RULES, { schoolYear: args.year });
} catch (error) {
  if (!(error instanceof CalendarParseError)) throw error;
  fail(`${error.message} [${error.code}]`);
}
const { items, ignored } = parsed;
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
  console.log(`\nignored text (${ignored.length} blocks): check that no task is in it`);
  for (const block of ignored) {
    const lines = block.text.split('\n');
    const shown = lines.length > 12 ? [...lines.slice(0, 5), `… ${lines.length - 10} more lines …`, ...lines.slice(-5)] : lines;
    console.log(`-- lines ${block.fromLine}–${block.toLine}, ${block.reason}`);
    for (const line of shown) console.log(`   ${line.length > 160 ? `${line.slice(0, 159)}…` : line}`);
  }
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
