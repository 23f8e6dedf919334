/**
 * The monthly work calendar importer. It does not depend on one layout: a table whose cells hold
 * HTML lists (seed 000), a numbered or plain list of "Tháng 01/2024: …" lines, months written
 * `8/2022`, `08/2022` or `Tháng 8`, one task per bullet or per sentence, tasks broken across lines
 * or across table rows.
 */
import { createHash } from 'node:crypto';
import type { CalendarItem, CalendarRules } from '../schemas/calendar.ts';

export interface ParseOptions {
  /** School year (e.g. 2022-2023) that places months written without a year: 8–12 in the first, 1–7 in the second. */
  schoolYear?: string;
}

export class CalendarParseError extends Error {}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&nbsp;': ' ', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const decode = (text: string): string => text.replace(/&(amp|nbsp|lt|gt|quot|#39);/g, (m) => ENTITIES[m] ?? m);

/** HTML blocks become line breaks, bullets become "- " at a line start, other tags go. */
const htmlToLines = (text: string): string =>
  decode(
    text
      .replace(/<li[^>]*>/gi, '\n- ')
      .replace(/<\/?(ul|ol|p|div|br|tr|td)[^>]*>/gi, '\n')
      .replace(/<[^>]+>/g, ' '),
  );

const startsLowercase = (text: string): boolean => /^\p{Ll}/u.test(htmlToLines(text).trim());

interface MonthHeader {
  month: number;
  year: number | null;
  rest: string;
}

const HEADER_WITH_YEAR = /^\s*(?:\d+[.)]\s*)?(?:tháng\s+)?(\d{1,2})\/(\d{4})(?![\d/])\s*[:.\-–]?\s*(.*)$/iu;
const HEADER_NO_YEAR = /^\s*(?:\d+[.)]\s*)?tháng\s+(\d{1,2})(?![\d/])\s*[:.\-–\t]\s*(.*)$/iu;

const monthHeader = (line: string): MonthHeader | null => {
  const withYear = HEADER_WITH_YEAR.exec(line);
  if (withYear && Number(withYear[1]) >= 1 && Number(withYear[1]) <= 12)
    return { month: Number(withYear[1]), year: Number(withYear[2]), rest: withYear[3] ?? '' };
  const noYear = HEADER_NO_YEAR.exec(line);
  if (noYear && Number(noYear[1]) >= 1 && Number(noYear[1]) <= 12) return { month: Number(noYear[1]), year: null, rest: noYear[2] ?? '' };
  return null;
};

/** Split a block into bullets: a dash after sentence punctuation (or after an acronym such as NCKH), before a capital. */
const splitBullets = (block: string): string[] =>
  block.replace(/(^|[.;:!?”"]\s*|\b\p{Lu}{2,}\s+)[-•–]\s*(?=\p{Lu})/gu, (_m, before: string) => `${before.trimEnd()}\n`).split('\n');

/** Split a bullet into sentences: a full stop followed by a capital starts a new task. */
const splitSentences = (bullet: string): string[] => bullet.split(/(?<=[.!?])\s+(?=\p{Lu})/u);

const clean = (task: string): string =>
  task
    .replace(/\s+/g, ' ')
    .replace(/^[-•–\s]+/, '')
    .trim();

export const tasksOf = (monthText: string): string[] =>
  htmlToLines(monthText)
    .split('\n')
    .flatMap(splitBullets)
    .flatMap(splitSentences)
    .map(clean)
    .filter((task) => /\p{L}{2,}/u.test(task));

const dateIn = (text: string, year: number, month: number): string | null => {
  const match = /(?<![\d/])(\d{1,2})\/(\d{1,2})(?:\/(\d{4}))?(?![\d/])/.exec(text);
  if (!match) return null;
  const day = Number(match[1]);
  const m = Number(match[2]);
  if (day < 1 || day > 31 || m < 1 || m > 12) return null;
  const y = match[3] ? Number(match[3]) : m < month - 6 ? year + 1 : m > month + 6 ? year - 1 : year;
  return `${y}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
};

export const classify = (text: string, rules: CalendarRules): Pick<CalendarItem, 'kind' | 'audience' | 'period'> => {
  const lower = text.toLowerCase();
  const has = (keywords: readonly string[]): boolean => keywords.some((k) => lower.includes(k));
  const kind = rules.kinds.find((rule) => has(rule.keywords))?.kind ?? 'task';
  const audience = rules.audiences.find((rule) => has(rule.keywords))?.audience ?? rules.defaultAudience;
  const period = kind === 'report' ? rules.reportPeriods.find((rule) => has(rule.keywords))?.period : undefined;
  return { kind, audience, ...(period ? { period } : {}) };
};

export const itemId = (month: string, text: string): string => createHash('sha256').update(`${month}\n${text}`).digest('hex').slice(0, 16);

export const parseCalendar = (document: string, rules: CalendarRules, options: ParseOptions = {}): CalendarItem[] => {
  const firstYear = options.schoolYear ? Number(options.schoolYear.slice(0, 4)) : null;
  const months: { key: string; year: number; month: number; text: string }[] = [];
  for (const rawLine of document.replace(/\r\n?/g, '\n').split('\n')) {
    // A month may open a table row: look past leading tags.
    const header = monthHeader(rawLine.replace(/^(\s*<[^>]+>)+/, ''));
    if (header) {
      let year = header.year;
      if (year === null) {
        if (firstYear === null) throw new CalendarParseError(`The month "${rawLine.trim().slice(0, 40)}" has no year: give --year (e.g. 2022-2023)`);
        year = header.month >= 8 ? firstYear : firstYear + 1;
      }
      let text = header.rest;
      const previous = months.at(-1);
      // A task broken across two table rows: the new month starts in the middle of a sentence.
      if (previous && startsLowercase(text)) {
        const lines = htmlToLines(previous.text).split('\n');
        const bullets = splitBullets(lines.pop() ?? '');
        const fragment = bullets.pop() ?? '';
        previous.text = [...lines, ...(bullets.length ? [bullets.join('\n')] : [])].join('\n');
        text = `${fragment} ${htmlToLines(text).trim()}`;
      }
      const key = `${year}-${String(header.month).padStart(2, '0')}`;
      const existing = months.find((m) => m.key === key);
      if (existing) existing.text += `\n${text}`;
      else months.push({ key, year, month: header.month, text });
      continue;
    }
    const current = months.at(-1);
    if (!current || rawLine.trim() === '') continue;
    // A line broken in the middle of a task continues it; anything else is a new block.
    current.text += startsLowercase(rawLine) ? ` ${rawLine.trim()}` : `\n${rawLine}`;
  }
  const items: CalendarItem[] = [];
  for (const m of months) {
    for (const text of tasksOf(m.text)) {
      items.push({ id: itemId(m.key, text), month: m.key, text, date: dateIn(text, m.year, m.month), ...classify(text, rules), order: items.length });
    }
  }
  return items;
};

/** The school year a calendar month belongs to (August starts a school year). */
export const schoolYearOf = (month: string): string => {
  const year = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  const first = m >= 8 ? year : year - 1;
  return `${first}-${first + 1}`;
};

/** What an import changes: ids to add and to remove; the rest stays as it is. */
export const calendarDiff = (existing: readonly string[], incoming: readonly { id: string }[]): { added: string[]; removed: string[]; unchanged: string[] } => {
  const before = new Set(existing);
  const after = new Set(incoming.map((item) => item.id));
  return {
    added: [...after].filter((id) => !before.has(id)),
    removed: [...before].filter((id) => !after.has(id)),
    unchanged: [...after].filter((id) => before.has(id)),
  };
};
