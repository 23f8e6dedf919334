/**
 * Vietnam time, the one place that knows it: Asia/Ho_Chi_Minh is UTC+7 all year (no daylight
 * saving), so a fixed offset is exact. Handlers, schedules and the local clock all use this.
 */

export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

const OFFSET = '+07:00';
const OFFSET_MS = 7 * 60 * 60 * 1000;

/** ISO timestamp with the +07:00 offset, e.g. 2022-10-20T08:00:00.000+07:00. */
export const toVietnamIso = (date: Date): string => `${new Date(date.getTime() + OFFSET_MS).toISOString().slice(0, -1)}${OFFSET}`;

/** The calendar date (YYYY-MM-DD) in Vietnam of an instant. */
export const vietnamDate = (date: Date): string => toVietnamIso(date).slice(0, 10);

/** Vietnam local time (YYYY-MM-DDThh:mm or YYYY-MM-DDThh:mm:ss) → the instant; Invalid Date if malformed. */
export const vietnamLocalToInstant = (local: string): Date => new Date(`${local.length === 16 ? `${local}:00` : local}${OFFSET}`);

/** A calendar date (YYYY-MM-DD) moved by whole days. */
export const addDays = (date: string, days: number): string => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};
