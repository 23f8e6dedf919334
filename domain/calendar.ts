/**
 * The monthly work calendar importer. It does not depend on one layout. It reads:
 * - the text as offices write it: NFC-normalised at the door (a document with decomposed accents
 *   gives the same items and ids as its NFC copy), CRLF or LF, HTML fragments or HTML tables;
 * - month headings in their common forms: `8/2022`, `08/2022`, `Tháng 01/2024:`, `1. Tháng 01/2024:`,
 *   `THÁNG 9 NĂM 2024:`, `Tháng 9-2024`, `## Tháng 9/2024`, `Tháng 8:` (placed by the school year),
 *   a table cell `Tháng 9/2024`, weekly headings `Tuần 1 (02/9 – 07/9)`;
 * - the section structure (I., II., 1., a), # headings, capitalised headings): the calendar starts at
 *   its first month and ends at the next heading of its own rank or above, at a closing ("Nơi nhận",
 *   "KT. TRƯỞNG PHÒNG", "./."), or at the end of its table; the rest is listed as ignored text;
 * - one task per bullet ("-", "+", "•", numbers, letters) or per sentence, with wrapped lines
 *   rejoined and sentences split with Vietnamese abbreviations in mind ("TP. Lào Cai" stays whole).
 * Everything runs in one pass over the lines: time grows linearly with the size of the document.
 */
import { createHash } from 'node:crypto';
import type { Audience, CalendarItem, CalendarRules, IgnoredText } from '../schemas/calendar.ts';

export interface ParseOptions {
  /** School year (e.g. 2022-2023) that places months written without a year: 8–12 in the first, 1–7 in the second. */
  schoolYear?: string;
}

export type CalendarRefusal =
  | 'empty'
  | 'binary'
  | 'encoding'
  | 'no-months'
  | 'no-year'
  | 'bad-year'
  | 'bad-school-year'
  | 'unsupported-format'
  | 'no-text-layer';

/** A document the importer refuses, with a reason a leader can act on (Vietnamese). */
export class CalendarParseError extends Error {
  constructor(
    readonly code: CalendarRefusal,
    message: string,
  ) {
    super(message);
    this.name = 'CalendarParseError';
  }
}

export interface CalendarParse {
  items: CalendarItem[];
  /** Text that gave no task: before and after the calendar, table headers and side columns. */
  ignored: IgnoredText[];
}

export const MIN_YEAR = 1990;
export const MAX_YEAR = 2100;

/** `2022-2023` → 2022; anything else (banana, 2024, 2024-2026, 1000-1001) is refused. */
export const parseSchoolYear = (value: string): number => {
  const match = /^(\d{4})-(\d{4})$/.exec(value.trim());
  const first = Number(match?.[1]);
  if (!match || Number(match[2]) !== first + 1)
    throw new CalendarParseError('bad-school-year', `Năm học "${value}" không hợp lệ: phải có dạng 2024-2025 (hai năm liền nhau)`);
  if (first < MIN_YEAR || first >= MAX_YEAR)
    throw new CalendarParseError('bad-school-year', `Năm học "${value}" nằm ngoài khoảng cho phép (${MIN_YEAR}–${MAX_YEAR})`);
  return first;
};

// ---------------------------------------------------------------------------------------------
// Bytes to text: BOM-aware, refusing binary files and encodings we cannot read.

const countControl = (text: string): number => {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 0x7f || c === 0xfffd) count++;
  }
  return count;
};

const strictDecode = (encoding: string, bytes: Uint8Array): string | null => {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
};

/** Plain-text bytes to text: UTF-8 (with or without BOM) or UTF-16 with a BOM. Refuses the rest. */
export const decodeDocument = (bytes: Uint8Array): string => {
  if (bytes.length === 0) throw new CalendarParseError('empty', 'Tài liệu rỗng');
  let text: string | null;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) text = strictDecode('utf-16le', bytes.subarray(2));
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = strictDecode('utf-16be', bytes.subarray(2));
  else if (bytes.includes(0))
    throw new CalendarParseError('binary', 'Tài liệu là tệp nhị phân hoặc văn bản UTF-16 không có BOM: hãy gửi .txt UTF-8, .docx hoặc .pdf');
  else {
    text = strictDecode('utf-8', bytes);
    if (text === null)
      throw new CalendarParseError(
        'encoding',
        'Tài liệu không phải UTF-8 (có thể là mã TCVN3, VNI hoặc Windows-1258): hãy lưu lại dưới dạng UTF-8, .docx hoặc .pdf',
      );
  }
  if (text === null) throw new CalendarParseError('encoding', 'Tài liệu UTF-16 bị hỏng, không đọc được');
  if (countControl(text) > Math.max(2, text.length / 200))
    throw new CalendarParseError('binary', 'Tài liệu là tệp nhị phân, không phải văn bản: hãy gửi .txt UTF-8, .docx hoặc .pdf');
  return text;
};

// ---------------------------------------------------------------------------------------------
// Text normalisation and HTML.

/** NFC, LF line ends, no BOM, no zero-width characters, plain spaces. */
export const normalizeText = (text: string): string =>
  text
    .replace(/^\uFEFF/, '')
    .normalize('NFC')
    .replace(/\r\n?|[\u2028\u2029\f\v]/g, '\n')
    .replace(/[\u00A0\u2007\u202F]/g, ' ')
    .replace(/[\u200B-\u200D\u2060\uFEFF]/g, '');

/** Separates paragraphs inside one table cell, so that a table row stays one line. */
const CELL_BREAK = '\u001F';
/** A line that marks the end of an HTML table. */
const TABLE_END = '\u001E';

const ENTITIES: Record<string, string> = { amp: '&', nbsp: ' ', lt: '<', gt: '>', quot: '"', apos: "'" };
const decodeEntities = (text: string): string =>
  text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,6});/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });

const looksLikeHtml = (text: string): boolean => /<\/?(?:ul|ol|li|p|div|br|table|tr|td|th|h[1-6])\b[^<>]*>/i.test(text);

const cellText = (html: string): string =>
  html
    .replace(/<li\b[^<>]*>/gi, `${CELL_BREAK}- `)
    .replace(/<\/?(?:p|div|br|ul|ol|li|h[1-6])\b[^<>]*>/gi, CELL_BREAK)
    .replace(/<[^<>]*>/g, ' ')
    .replace(/[\t\n]/g, ' ');

/** Where the last opening tag of one of these names starts in the text (-1: none); linear, whatever the markup. */
const lastOpening = (text: string, names: readonly string[]): number => {
  const lower = text.toLowerCase();
  let best = -1;
  for (const name of names) {
    for (let at = lower.lastIndexOf(`<${name}`); at > best; at = at > 0 ? lower.lastIndexOf(`<${name}`, at - 1) : -1) {
      if (/[\s>/]/.test(lower[at + name.length + 1] ?? '')) {
        best = at;
        break;
      }
    }
  }
  return best;
};

/** Drop everything up to the end of the last opening tag of these names. */
const afterOpening = (text: string, names: readonly string[]): string => {
  const at = lastOpening(text, names);
  if (at < 0) return text;
  const end = text.indexOf('>', at);
  return end < 0 ? '' : text.slice(end + 1);
};

/** One table row becomes one line: cells joined by tabs, paragraphs inside a cell by CELL_BREAK. */
const tableRowsToLines = (html: string): string => {
  const parts = html.split(/<\/tr\s*>/i);
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? '';
    const open = i < parts.length - 1 ? lastOpening(part, ['tr']) : -1;
    if (open < 0) {
      out.push(part);
      continue;
    }
    const row = afterOpening(part.slice(open), ['tr']);
    const cells = row
      .split(/<\/t[dh]\s*>/i)
      .map((cell) => afterOpening(cell, ['td', 'th']))
      .filter((cell, index, all) => index < all.length - 1 || /\S/.test(cell.replace(/<[^<>]*>/g, '')));
    out.push(`${part.slice(0, open)}\n${cells.map(cellText).join('\t')}\n`);
  }
  return out.join('');
};

const htmlToText = (html: string): string =>
  decodeEntities(
    tableRowsToLines(html)
      .replace(/<\/table\s*>/gi, `\n${TABLE_END}\n`)
      .replace(/<li\b[^<>]*>/gi, '\n- ')
      .replace(/<\/?(?:ul|ol|li|p|div|br|table|tbody|thead|tfoot|h[1-6]|section|article|blockquote)\b[^<>]*>/gi, '\n')
      .replace(/<[^<>]*>/g, ' '),
  );

// ---------------------------------------------------------------------------------------------
// Headings.

/** What opens a line: a roman numeral, a number (1. or 1.2.), a letter, a markdown #, a bullet. */
type MarkerKind = 'roman' | 'number' | 'letter' | 'md' | 'bullet' | 'none';
interface Marker {
  kind: MarkerKind;
  level: number;
  /** For a number: its last part ("3." → 3, "2.4." → 4), to tell a next section from a restarted list. */
  value: number;
}

const MARKER = /^\s*(?:(#{1,6})\s*|([IVXL]{1,6})[.)]\s+|(\d{1,2}(?:\.\d{1,2}){0,3})\.?[)]?\s+|([a-zđ])[.)]\s+|([-+•*–○▪►✓])\s*)/u;
const markerOf = (text: string): { marker: Marker; rest: string } => {
  const m = MARKER.exec(text);
  if (!m) return { marker: { kind: 'none', level: 0, value: 0 }, rest: text.trim() };
  const rest = text.slice(m[0].length).trim();
  if (m[1]) return { marker: { kind: 'md', level: m[1].length, value: 0 }, rest };
  if (m[2]) return { marker: { kind: 'roman', level: 1, value: 0 }, rest };
  if (m[3]) {
    const parts = m[3].split('.');
    return { marker: { kind: 'number', level: parts.length, value: Number(parts.at(-1)) }, rest };
  }
  if (m[4]) return { marker: { kind: 'letter', level: 1, value: m[4].charCodeAt(0) }, rest };
  return { marker: { kind: 'bullet', level: 1, value: 0 }, rest };
};

/** A number marker needs its dot or bracket: "1. Tháng" is numbered, "12/2022" is not. */
const NUMBER_MARKER = /^\s*\d{1,2}(?:\.\d{1,2}){0,3}[.)]\s/;

interface MonthHeading {
  month: number;
  year: number | null;
  rest: string;
  marker: Marker;
  /** A week heading (its month is the month of its first day). */
  week: boolean;
}

const SEPARATOR = String.raw`(?:\s*[:.\-–—)]\s*|\s*$|\t)`;
const MONTH_WITH_YEAR = new RegExp(String.raw`^tháng\s+(\d{1,2})(?:\s*[-–,]\s*\d{1,2})?\s*(?:[/.\-–]|,?\s*năm)\s*(\d{4})(?![\d/])${SEPARATOR}(.*)$`, 'iu');
const BARE_MONTH = new RegExp(String.raw`^(\d{1,2})/(\d{4})(?![\d/])${SEPARATOR}(.*)$`, 'u');
const MONTH_NO_YEAR = new RegExp(String.raw`^tháng\s+(\d{1,2})(?![\d/])${SEPARATOR}(.*)$`, 'iu');
const WEEK =
  /^tuần\s+(?:thứ\s+)?\d{1,2}\s*[:.\-–]?\s*\(?\s*(?:từ\s+)?(?:ngày\s+)?(\d{1,2})\/(\d{1,2})(?:\/(\d{4}))?(?:\s*(?:[-–—]|đến)\s*(?:ngày\s+)?\d{1,2}\/\d{1,2}(?:\/\d{4})?)?\s*\)?\s*[:.\-–]?\s*(.*)$/iu;

const stripDecoration = (text: string): string => text.replace(/\*\*|__/g, '').replace(/^\s*\*\s+(?=\S)/, '');

const checkYear = (year: number, line: string): number => {
  if (year < MIN_YEAR || year > MAX_YEAR)
    throw new CalendarParseError('bad-year', `Năm ${year} trong "${line.trim().slice(0, 60)}" nằm ngoài khoảng hợp lý (${MIN_YEAR}–${MAX_YEAR})`);
  return year;
};

export const monthHeading = (line: string): MonthHeading | null => {
  const { marker, rest: text } = markerOf(stripDecoration(line));
  if (marker.kind === 'number' && !NUMBER_MARKER.test(stripDecoration(line))) return null;
  const withYear = MONTH_WITH_YEAR.exec(text) ?? BARE_MONTH.exec(text);
  if (withYear) {
    const month = Number(withYear[1]);
    if (month < 1 || month > 12) return null;
    return { month, year: checkYear(Number(withYear[2]), line), rest: withYear[3] ?? '', marker, week: false };
  }
  const noYear = MONTH_NO_YEAR.exec(text);
  if (noYear) {
    const month = Number(noYear[1]);
    if (month < 1 || month > 12) return null;
    return { month, year: null, rest: noYear[2] ?? '', marker, week: false };
  }
  const week = WEEK.exec(text);
  if (week) {
    const day = Number(week[1]);
    const month = Number(week[2]);
    if (day < 1 || day > 31 || month < 1 || month > 12) return null;
    return { month, year: week[3] ? checkYear(Number(week[3]), line) : null, rest: week[4] ?? '', marker, week: true };
  }
  return null;
};

/** A heading of the document's structure (not a month): what rank it has. */
const structureOf = (line: string): Marker | 'caps' | null => {
  const text = stripDecoration(line).trim();
  const { marker, rest } = markerOf(text);
  if (marker.kind === 'md' || marker.kind === 'roman' || marker.kind === 'letter') return rest ? marker : null;
  if (marker.kind === 'number') return NUMBER_MARKER.test(text) && rest ? marker : null;
  // A line in capitals (two words or more, no lower case): a section title or a signature.
  if (marker.kind === 'none' && !/\p{Ll}/u.test(text) && /\p{Lu}{2,}\S*\s+\S*\p{Lu}{2,}/u.test(text)) return 'caps';
  return null;
};

/** The end of the document: addressees, signature blocks, the closing "./.". */
const isClosing = (line: string): boolean => {
  const text = stripDecoration(line).trim();
  return (
    /^(?:nơi nhận|kính gửi|ghi chú)(?![\p{L}\p{N}])/iu.test(text) ||
    /^(?:KT|TM|TL|Q)\.\s*\p{Lu}/u.test(text) ||
    /^lưu\s*:?\s*(?:vt|văn thư)/iu.test(text) ||
    /\.\/\.$/.test(text)
  );
};

const TABLE_HEADER_CELL =
  /^(?:tt|stt|số tt|tháng|thời gian|nội dung(?: (?:công việc|chính|nhiệm vụ))?|công việc|nhiệm vụ|ghi chú|đơn vị(?: thực hiện| chủ trì)?|người (?:thực hiện|phụ trách)|chủ trì(?: tham mưu)?|bộ phận(?: thực hiện)?|phụ trách|kết quả)$/iu;

// ---------------------------------------------------------------------------------------------
// Tasks: bullets, sentences, clean text.

const TASK_MARKER = /^(?:[-+•*–○▪►✓]|\d{1,2}[.)](?=\s)|[a-zđ][.)](?=\s))/u;
const TERMINATED = /[.;:!?…]["”’»)]*\s*$/u;
const startsLowercase = (text: string): boolean => /^\p{Ll}/u.test(text);
const hasWords = (text: string): boolean => /\p{L}{2,}/u.test(text);

/** Split inline bullets: a dash after sentence punctuation or after an acronym (NCKH, GD&ĐT), before a capital. */
const splitBullets = (block: string): string[] =>
  block.replace(/(^|[.;:!?”"]\s*|(?<![\p{L}\p{N}&])[\p{Lu}&]*\p{Lu}\s+)[-•–]\s*(?=\p{Lu})/gu, (_m, before: string) => `${before.trimEnd()}\n`).split('\n');

/** Abbreviations written with a full stop that do not end a sentence ("TP. Lào Cai", "ThS. Nguyễn"). */
const ABBREVIATIONS = new Set([
  'TP',
  'Tp',
  'TX',
  'Tx',
  'TT',
  'Q',
  'P',
  'KT',
  'TM',
  'TL',
  'ThS',
  'Ths',
  'TS',
  'PGS',
  'GS',
  'BS',
  'St',
  'v.v',
  'NXB',
  'Đ/c',
  'đ/c',
  'Th',
]);

/** Split a bullet into sentences: ". " before a capital, unless the word before the stop is an abbreviation. */
export const splitSentences = (bullet: string): string[] => {
  const out: string[] = [];
  let start = 0;
  for (const match of bullet.matchAll(/[.!?…](\s+)(?=["“(]?\p{Lu})/gu)) {
    const stop = match.index;
    let wordStart = stop;
    while (wordStart > start && !/\s/.test(bullet[wordStart - 1] ?? ' ')) wordStart--;
    const word = bullet.slice(wordStart, stop).replace(/^[("“]+/, '');
    if (bullet[stop] === '.' && ABBREVIATIONS.has(word)) continue;
    out.push(bullet.slice(start, stop + 1));
    start = stop + 1 + (match[1]?.length ?? 0);
  }
  out.push(bullet.slice(start));
  return out;
};

const clean = (task: string): string =>
  task
    .replace(/\s+/g, ' ')
    .replace(/^(?:\s*(?:[-+•*–○▪►✓]|\d{1,2}[.)](?=\s)|[a-zđ][.)](?=\s)))+\s*/u, '')
    .trim();

export const tasksOf = (line: string): string[] => splitBullets(line).flatMap(splitSentences).map(clean).filter(hasWords);

// ---------------------------------------------------------------------------------------------
// Dates and classification.

const validDate = (y: number, m: number, d: number): string | null => {
  if (m < 1 || m > 12 || d < 1 || d > 31) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCDate() !== d) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
};

/** The first date in the text: 05/9, 05/9/2022 or "ngày 20 tháng 11 [năm 2024]"; the year from the month it is filed under. */
export const dateIn = (text: string, year: number, month: number): string | null => {
  const slash = /(?<![\d/])(\d{1,2})\/(\d{1,2})(?:\/(\d{4}))?(?![\d/])/.exec(text);
  const words = /ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s+năm\s+(\d{4}))?/iu.exec(text);
  const match = slash && words ? (slash.index <= words.index ? slash : words) : (slash ?? words);
  if (!match) return null;
  const day = Number(match[1]);
  const m = Number(match[2]);
  const y = match[3] ? Number(match[3]) : m < month - 6 ? year + 1 : m > month + 6 ? year - 1 : year;
  return validDate(y, m, day);
};

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A keyword matches a whole word or phrase: "giải" is not in "giải quyết" unless a rule says "giải quyết". */
const keywordPattern = (keywords: readonly string[]): RegExp =>
  new RegExp(`(?<![\\p{L}\\p{N}])(?:${keywords.map((k) => escapeRegExp(k.normalize('NFC').toLowerCase())).join('|')})(?![\\p{L}\\p{N}])`, 'u');

interface CompiledRules {
  kinds: { kind: CalendarItem['kind']; pattern: RegExp }[];
  periods: { period: NonNullable<CalendarItem['period']>; pattern: RegExp }[];
  audiences: { audience: Audience; pattern: RegExp }[];
}
const compiled = new WeakMap<CalendarRules, CompiledRules>();
const compile = (rules: CalendarRules): CompiledRules => {
  let result = compiled.get(rules);
  if (!result) {
    result = {
      kinds: rules.kinds.map((r) => ({ kind: r.kind, pattern: keywordPattern(r.keywords) })),
      periods: rules.reportPeriods.map((r) => ({ period: r.period, pattern: keywordPattern(r.keywords) })),
      audiences: rules.audiences.map((r) => ({ audience: r.audience, pattern: keywordPattern(r.keywords) })),
    };
    compiled.set(rules, result);
  }
  return result;
};

/**
 * Kind and period: the first rule with a keyword in the task. Audience: the school levels the task
 * names (one level → that level; several → all schools); otherwise the first other rule that matches.
 */
export const classify = (text: string, rules: CalendarRules): Pick<CalendarItem, 'kind' | 'audience' | 'period'> => {
  const lower = text.normalize('NFC').toLowerCase();
  const c = compile(rules);
  const kind = c.kinds.find((rule) => rule.pattern.test(lower))?.kind ?? 'task';
  const matched = c.audiences.filter((rule) => rule.pattern.test(lower)).map((rule) => rule.audience);
  const levels = new Set(matched.filter((a) => a.startsWith('schools:')));
  const audience = levels.size === 1 ? ([...levels][0] as Audience) : levels.size > 1 ? 'schools' : (matched[0] ?? rules.defaultAudience);
  const period = kind === 'report' ? c.periods.find((rule) => rule.pattern.test(lower))?.period : undefined;
  return { kind, audience, ...(period ? { period } : {}) };
};

export const itemId = (month: string, text: string): string => createHash('sha256').update(`${month}\n${text}`).digest('hex').slice(0, 16);

// ---------------------------------------------------------------------------------------------
// The document walk.

interface MonthEntry {
  key: string;
  year: number;
  month: number;
  lines: string[];
  /** The next content line starts a new task (after a heading or a new table row). */
  fresh: boolean;
}

/** Length of the longest lines (95th percentile): a line at least 70 % as long was wrapped. */
const wrapWidth = (lines: readonly string[]): number => {
  const counts = new Map<number, number>();
  let total = 0;
  for (const line of lines) {
    if (line.trim() === '' || line.includes('\t')) continue;
    counts.set(line.length, (counts.get(line.length) ?? 0) + 1);
    total++;
  }
  let seen = 0;
  for (const length of [...counts.keys()].sort((a, b) => b - a)) {
    seen += counts.get(length) ?? 0;
    if (seen >= total * 0.05) return length;
  }
  return 0;
};

const splitCells = (line: string): string[] | null => {
  if (/^\s*\|.*\|\s*$/.test(line)) return line.trim().slice(1, -1).split('|');
  if (line.includes('\t')) return line.split('\t');
  return null;
};

export const parseCalendarDocument = (raw: string, rules: CalendarRules, options: ParseOptions = {}): CalendarParse => {
  let text = normalizeText(raw);
  if (!/\p{L}/u.test(text)) throw new CalendarParseError('empty', 'Tài liệu không có chữ nào');
  if (looksLikeHtml(text)) text = htmlToText(text);
  const lines = text.split('\n');
  const wrapAt = Math.max(40, Math.floor(wrapWidth(lines) * 0.7));
  const schoolYear = options.schoolYear === undefined ? null : parseSchoolYear(options.schoolYear);
  let titleYear: number | null = null;

  const entries = new Map<string, MonthEntry>();
  let current = null as MonthEntry | null;
  /** The month before the current one, in document order (a task may run on into the next row). */
  let previousEntry: MonthEntry | null = null;
  let state = 'before' as 'before' | 'in' | 'after' | 'closed';
  let parent: Marker | null = null;
  let monthMarker: Marker | null = null;
  let lastPhysical = 0;
  /** The last task line was already continued once (a wrapped line): its next piece may be short. */
  let continued = false;
  /** The calendar is a markdown table: the first line outside it ends the calendar. */
  let pipeTable = false;
  /** Grows with every task line: ignored lines merge into one block only when nothing came between. */
  let segment = 0;
  let ignoredSegment = -1;

  const ignored: IgnoredText[] = [];
  const ignore = (lineNo: number, content: string, reason: IgnoredText['reason']): void => {
    const value = content.replaceAll(CELL_BREAK, ' ').replace(/\s+/g, ' ').trim();
    if (!/[\p{L}\p{N}]/u.test(value)) return;
    const last = ignored.at(-1);
    const merge = last && last.reason === reason && ignoredSegment === segment;
    ignoredSegment = segment;
    if (last && merge) {
      last.text += `\n${value}`;
      last.toLine = lineNo;
    } else ignored.push({ fromLine: lineNo, toLine: lineNo, reason, text: value });
  };

  const yearFor = (heading: MonthHeading, line: string): number => {
    if (heading.year !== null) return heading.year;
    const first = schoolYear ?? (current ? null : titleYear);
    if (first !== null) return heading.month >= 8 ? first : first + 1;
    if (current) return heading.month < current.month ? current.year + 1 : current.year;
    throw new CalendarParseError(
      'no-year',
      `Tháng "${line.trim().slice(0, 40)}" không ghi năm: hãy chọn năm học (--year 2024-2025 hoặc đường dẫn …/calendar/2024-2025)`,
    );
  };

  const addContent = (content: string, physicalLength: number): void => {
    const t = content.trim();
    if (!current || !/[\p{L}\p{N}]/u.test(t)) return;
    segment++;
    const entry = current;
    const last = entry.lines.length - 1;
    const previous = entry.lines[last];
    // A line goes on the task before it when it starts in lower case, or when that task is
    // unfinished: no closing punctuation and its last line ran to the wrap width (or was itself a wrap).
    const unfinished = previous !== undefined && !entry.fresh && !TERMINATED.test(previous.slice(-12)) && (lastPhysical >= wrapAt || continued);
    if (!TASK_MARKER.test(t) && previous !== undefined && (startsLowercase(t) || unfinished)) {
      entry.lines[last] = `${previous} ${t}`;
      continued = true;
    } else if (entry.lines.length === 0 && startsLowercase(t)) {
      // A task broken across two table rows: the new month starts in the middle of a sentence.
      const before = previousEntry;
      const tail = before?.lines.at(-1);
      if (before && tail !== undefined && !TERMINATED.test(tail.slice(-12))) {
        const bullets = splitBullets(tail);
        const fragment = bullets.pop() ?? '';
        before.lines[before.lines.length - 1] = bullets.join('\n');
        entry.lines.push(`${fragment.trim()} ${t}`);
      } else entry.lines.push(t);
      continued = false;
    } else {
      entry.lines.push(t);
      continued = false;
    }
    entry.fresh = false;
    lastPhysical = physicalLength;
  };

  const openMonth = (heading: MonthHeading, line: string, marker: Marker): void => {
    const year = yearFor(heading, line);
    const key = `${year}-${String(heading.month).padStart(2, '0')}`;
    let entry = entries.get(key);
    if (!entry) {
      entry = { key, year, month: heading.month, lines: [], fresh: true };
      entries.set(key, entry);
    }
    entry.fresh = true;
    if (entry !== current) previousEntry = current;
    current = entry;
    if (state !== 'in' || (monthMarker && marker.kind === monthMarker.kind && marker.value > monthMarker.value)) monthMarker = marker;
    state = 'in';
    segment++;
    if (heading.rest.trim()) addContent(heading.rest, line.length);
  };

  /** Does this structural heading close the calendar part? */
  const endsCalendar = (s: Marker | 'caps'): boolean => {
    if (s === 'caps' || s.kind === 'roman') return true;
    if (s.kind === 'md') return monthMarker?.kind !== 'md' || s.level <= monthMarker.level;
    // A number ends the calendar when it continues the numbering of the months or of their section
    // ("13." after "12. Tháng 12/2024", "4." after "3. Lịch công tác"); a list restarting at 1 is tasks.
    if (s.kind === 'number')
      return (
        (monthMarker?.kind === 'number' && s.level <= monthMarker.level && s.value > monthMarker.value) ||
        (parent?.kind === 'number' && s.level <= parent.level && s.value > parent.value)
      );
    if (s.kind === 'letter') return monthMarker?.kind === 'letter' || parent?.kind === 'letter';
    return false;
  };

  const handleText = (content: string, lineNo: number, physicalLength: number): void => {
    const heading = monthHeading(content);
    if (heading && state !== 'closed') {
      if (state === 'in' && heading.week && current && heading.month === current.month && heading.year === null) {
        current.fresh = true;
        if (heading.rest.trim()) addContent(heading.rest, physicalLength);
        return;
      }
      openMonth(heading, content, markerOf(stripDecoration(content)).marker);
      return;
    }
    if (state === 'before') {
      const title = /năm học\s+(\d{4})\s*[-–]\s*(\d{4})/iu.exec(content);
      if (title && Number(title[2]) === Number(title[1]) + 1 && titleYear === null) titleYear = checkYear(Number(title[1]), content);
      const s = structureOf(content);
      if (s && s !== 'caps') parent = s;
      ignore(lineNo, content, 'before-calendar');
      return;
    }
    if (state === 'closed' || state === 'after') {
      if (isClosing(content)) state = 'closed';
      ignore(lineNo, content, 'after-calendar');
      return;
    }
    if (isClosing(content)) {
      state = 'closed';
      ignore(lineNo, content, 'after-calendar');
      return;
    }
    const s = structureOf(content);
    if (s && endsCalendar(s)) {
      state = 'after';
      ignore(lineNo, content, 'after-calendar');
      return;
    }
    if (/^tuần\s+(?:thứ\s+)?\d{1,2}\s*[:.]?\s*$/iu.test(stripDecoration(content).trim())) {
      if (current) current.fresh = true;
      return;
    }
    addContent(stripDecoration(content), physicalLength);
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const lineNo = i + 1;
    if (line.trim() === '') continue;
    if (line.trim() === TABLE_END) {
      if (state === 'in') state = 'after';
      continue;
    }
    const cells = splitCells(line);
    if (!cells) {
      if (state === 'in' && pipeTable) state = 'after';
      handleText(line, lineNo, line.length);
      continue;
    }
    // A table row: a month cell, the task cell (the longest other cell), side columns ignored.
    const filled = cells.map((cell) => cell.trim()).filter((cell) => /[\p{L}\p{N}]/u.test(cell.replaceAll(CELL_BREAK, '')));
    if (filled.length === 0) continue;
    if (/^\s*\|?[\s:|-]+\|?\s*$/.test(line)) continue;
    if (filled.every((cell) => TABLE_HEADER_CELL.test(cell.replaceAll(CELL_BREAK, ' ').trim()))) {
      ignore(lineNo, filled.join(' | '), state === 'before' ? 'before-calendar' : state === 'in' ? 'table-header' : 'after-calendar');
      continue;
    }
    const monthIndex = filled.findIndex((cell) => cell.length <= 60 && monthHeading(cell.replaceAll(CELL_BREAK, ' ')) !== null);
    const others = filled.filter((_cell, index) => index !== monthIndex && !/^\d{1,3}[.)]?$/.test(_cell));
    const main = others.reduce<string | null>((best, cell) => (best === null || cell.length > best.length ? cell : best), null);
    if (monthIndex >= 0) {
      handleText((filled[monthIndex] ?? '').replaceAll(CELL_BREAK, ' '), lineNo, 0);
      pipeTable = line.trimStart().startsWith('|');
    } else if (state === 'in' && current && main && !startsLowercase(main.replaceAll(CELL_BREAK, '').trim())) current.fresh = true;
    if (main) {
      for (const part of main.split(CELL_BREAK)) if (part.trim()) handleText(part, lineNo, 0);
      for (const side of others) if (side !== main && state === 'in') ignore(lineNo, side, 'table-cell');
    }
  }

  if (entries.size === 0)
    throw new CalendarParseError(
      'no-months',
      'Không tìm thấy tháng nào trong tài liệu (ví dụ "Tháng 9/2024:", "THÁNG 9 NĂM 2024", "8/2022" hay "Tuần 1 (02/9 – 07/9)")',
    );

  const items: CalendarItem[] = [];
  for (const entry of entries.values()) {
    for (const line of entry.lines) {
      for (const task of tasksOf(line)) {
        items.push({
          id: itemId(entry.key, task),
          month: entry.key,
          text: task,
          date: dateIn(task, entry.year, entry.month),
          ...classify(task, rules),
          order: items.length,
        });
      }
    }
  }
  return { items, ignored };
};

/** The items only (see parseCalendarDocument for the ignored text). */
export const parseCalendar = (document: string, rules: CalendarRules, options: ParseOptions = {}): CalendarItem[] =>
  parseCalendarDocument(document, rules, options).items;

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
