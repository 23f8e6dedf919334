/**
 * Server-rendered HTML, shared by the form and the dashboard: one Eta instance that escapes every
 * `<%= %>` interpolation (raw output needs an explicit `<%~ %>`), Vietnamese number and date
 * formatters, and the HTTP result of a page.
 *
 * Templates are strings in .ts modules, compiled once at module load with `template()`: the
 * Lambda bundle (esbuild) and the local runtime (tsx) then need no template files on disk.
 */
import { Eta } from 'eta/core';
import { toVietnamIso } from '../../domain/vietnam-time.ts';
import type { HttpResult } from './http.ts';

/** The one configured engine: auto-escaping on, data under `it`, no whitespace games. */
export const eta = new Eta({ autoEscape: true, autoTrim: false, varName: 'it', useWith: false, cache: false });

/**
 * Compile a template once; the returned function renders it with `data` as `it`. Inside a
 * template, `<%= it.x %>` is escaped, `<%~ it.y %>` is raw (only for HTML already rendered by
 * another template), `<% … %>` is code.
 */
export const template = <T extends object>(source: string): ((data: T) => string) => {
  const compiled = eta.compile(source);
  return (data: T) => eta.render(compiled, data);
};

const NOTHING = '—';

/** An integer or count the Vietnamese way: 35585 → "35.585"; missing or not finite → "—". */
export const formatNumber = (value: number | null | undefined): string =>
  value === null || value === undefined || !Number.isFinite(value) ? NOTHING : value.toLocaleString('vi-VN', { maximumFractionDigits: 0 });

/** A decimal the Vietnamese way: 1.8234 → "1,82" (at most `digits` decimals); missing → "—". */
export const formatDecimal = (value: number | null | undefined, digits = 2): string =>
  value === null || value === undefined || !Number.isFinite(value) ? NOTHING : value.toLocaleString('vi-VN', { maximumFractionDigits: digits });

/** A share (0.985) as a Vietnamese percentage: "98,5 %" (at most `digits` decimals); missing → "—". */
export const formatPercent = (share: number | null | undefined, digits = 1): string =>
  share === null || share === undefined || !Number.isFinite(share) ? NOTHING : `${formatDecimal(share * 100, digits)} %`;

/** numerator / denominator as a percentage ("98,5 %"); "—" when the denominator is 0 or missing. */
export const formatRate = (numerator: number | null | undefined, denominator: number | null | undefined, digits = 1): string =>
  numerator === null || numerator === undefined || !denominator ? NOTHING : formatPercent(numerator / denominator, digits);

/** The Vietnam calendar date of an instant or an ISO string, as dd/mm/yyyy. A bare `YYYY-MM-DD` is taken as that date. */
export const formatDate = (when: Date | string): string => {
  const iso = typeof when === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(when) ? when : toVietnamIso(new Date(when));
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
};

/** The Vietnam wall-clock time of an instant or ISO timestamp, as hh:mm. */
export const formatTime = (when: Date | string): string => toVietnamIso(new Date(when)).slice(11, 16);

/** "hh:mm dd/mm/yyyy", Vietnam time. */
export const formatDateTime = (when: Date | string): string => `${formatTime(when)} ${formatDate(when)}`;

/** The HTTP answer of a rendered page: UTF-8 HTML, never cached, never framed, no referrer leaked (links carry tokens). */
export const html = (statusCode: number, body: string, headers: Record<string, string> = {}): HttpResult => ({
  statusCode,
  headers: {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    ...headers,
  },
  body,
});
