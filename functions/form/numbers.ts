/**
 * How the form reads a typed number, on the server and in the browser's live preview alike: plain
 * digits, or digits grouped by thousands with '.', ',' or a space ("185.200", "189 000", "1,250").
 * A phone keyboard may type a no-break space, so those count as spaces.
 */

/** Digits only. */
export const PLAIN = /^\d+$/;

/** Digits in groups of three after the first, separated by '.', ',', a space or a no-break space. */
export const GROUPED = /^\d{1,3}(?:[., \u00a0\u202f]\d{3})+$/;

/** A typed count as a number, or null when it is not a non-negative integer (empty text included). */
export const parseCount = (text: string): number | null => {
  const t = text.trim();
  const value = PLAIN.test(t) ? Number(t) : GROUPED.test(t) ? Number(t.replace(/\D/g, '')) : Number.NaN;
  return Number.isSafeInteger(value) ? value : null;
};
