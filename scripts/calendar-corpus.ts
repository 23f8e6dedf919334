/**
 * `npm run calendar:corpus`: the calendar importer against a corpus of layouts written for it
 * (test/fixtures/calendars/corpus, each document with its expected items). Prints precision and
 * recall of items (month + text) and of dates, per document and overall (goal: at least 95 % each;
 * exits 1 below it), then the parse time of the same layouts grown to about 0.6 MB and 6.4 MB, to
 * show that time grows with size and no faster.
 */
import { readFileSync } from 'node:fs';
import { CALENDAR_RULES } from '../catalog/calendar-rules.ts';
import { parseCalendarDocument } from '../domain/calendar.ts';
import { readCalendarDocument } from '../functions/calendar/document.ts';
import { CORPUS_DIR, type CorpusEntry, corpus, expectedItems, scoreItems } from '../test/fixtures/calendars/corpus/corpus.ts';

const pct = (x: number): string => (Number.isNaN(x) ? '—' : `${(x * 100).toFixed(1).replace('.', ',')} %`);
const totals = { expected: 0, found: 0, correct: 0, expectedDates: 0, foundDates: 0, correctDates: 0 };
console.log('layout'.padEnd(72), 'items  found  right   precision  recall   dates P   dates R');
for (const entry of corpus()) {
  const document = await readCalendarDocument(readFileSync(`${CORPUS_DIR}/${entry.file}`));
  const { items } = parseCalendarDocument(document.text, CALENDAR_RULES, entry.year ? { schoolYear: entry.year } : {});
  const score = scoreItems(items, expectedItems(entry));
  for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += score[key];
  const label = `${entry.file}${entry.year ? ` --year ${entry.year}` : ''}: ${entry.layout}`;
  console.log(
    (label.length > 72 ? `${label.slice(0, 71)}…` : label).padEnd(72),
    String(score.expected).padStart(5),
    String(score.found).padStart(6),
    String(score.correct).padStart(6),
    pct(score.correct / Math.max(1, score.found)).padStart(11),
    pct(score.correct / Math.max(1, score.expected)).padStart(8),
    pct(score.correctDates / score.foundDates).padStart(9),
    pct(score.correctDates / score.expectedDates).padStart(9),
  );
}
const figures = {
  'items precision': totals.correct / totals.found,
  'items recall': totals.correct / totals.expected,
  'dates precision': totals.correctDates / totals.foundDates,
  'dates recall': totals.correctDates / totals.expectedDates,
};
console.log(
  `\noverall: ${totals.expected} expected items, ${totals.found} found, ${totals.correct} right; ${totals.expectedDates} expected dates, ${totals.foundDates} found, ${totals.correctDates} right`,
);
for (const [name, value] of Object.entries(figures))
  console.log(`${name.padEnd(16)} ${pct(value).padStart(8)} ${value >= 0.95 ? 'ok (goal ≥ 95 %)' : 'BELOW the 95 % goal'}`);

// Time against size: each layout's calendar repeated up to ~0.6 MB and ~6.4 MB.
const timeParse = (text: string): number => {
  const start = performance.now();
  parseCalendarDocument(text, CALENDAR_RULES);
  return performance.now() - start;
};
const grow = (text: string, bytes: number): string => {
  const parts: string[] = [];
  let size = 0;
  while (size < bytes) {
    parts.push(text);
    size += Buffer.byteLength(text) + 1;
  }
  return parts.join('\n');
};
console.log('\ntime against size (median of 5 rounds, small and large in turn, after a warm-up)');
const numbered = readFileSync(`${CORPUS_DIR}/numbered-months.txt`, 'utf8');
const monthsPart = numbered.slice(numbered.indexOf('1. Tháng 01/2024'), numbered.indexOf('III. GIẢI PHÁP'));
const samples: { name: string; text: string }[] = [
  { name: 'numbered months (text)', text: monthsPart },
  { name: 'seed 000 appendix (HTML lists)', text: readFileSync('test/fixtures/calendars/seed-000-appendix.txt', 'utf8') },
];
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
for (const sample of samples) {
  timeParse(grow(sample.text, 200_000));
  const texts = [0.6, 6.4].map((mb) => grow(sample.text, mb * 1_000_000));
  // Small and large in turn, five rounds, medians: a busy machine slows both alike.
  const runs: number[][] = texts.map(() => []);
  for (let round = 0; round < 5; round++) {
    texts.forEach((text, i) => {
      runs[i]?.push(timeParse(text));
    });
  }
  const rows = texts.map((text, i) => ({ mb: Buffer.byteLength(text) / 1_000_000, ms: median(runs[i] ?? []) }));
  const [small, large] = rows as [{ mb: number; ms: number }, { mb: number; ms: number }];
  for (const row of rows)
    console.log(
      `${sample.name.padEnd(32)} ${row.mb.toFixed(2).replace('.', ',').padStart(5)} MB ${row.ms.toFixed(0).padStart(6)} ms ${(row.mb / (row.ms / 1000)).toFixed(1).replace('.', ',').padStart(5)} MB/s`,
    );
  console.log(
    `${''.padEnd(32)} size ×${(large.mb / small.mb).toFixed(1).replace('.', ',')}, time ×${(large.ms / small.ms).toFixed(1).replace('.', ',')} (linear: the two about equal)`,
  );
}
const entries: CorpusEntry[] = corpus();
process.exit(Object.values(figures).every((value) => value >= 0.95) && entries.length >= 8 ? 0 : 1);
