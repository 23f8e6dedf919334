/** Vietnam time (Asia/Ho_Chi_Minh, UTC+7, no daylight saving). */
const OFFSET_MS = 7 * 60 * 60 * 1000;

/** ISO timestamp with the +07:00 offset, e.g. 2022-10-20T08:00:00.000+07:00. */
export const toVietnamIso = (date: Date): string => `${new Date(date.getTime() + OFFSET_MS).toISOString().slice(0, -1)}+07:00`;

/** The calendar date (YYYY-MM-DD) in Vietnam of an instant. */
export const vietnamDate = (date: Date): string => new Date(date.getTime() + OFFSET_MS).toISOString().slice(0, 10);
