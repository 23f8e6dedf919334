/**
 * DynamoDB's billing rules, as plain arithmetic: the size of an item and the write and read units
 * a request costs. Used by the bench (true write units from the items the pipeline writes, since
 * DynamoDB Local's consumed capacity cannot be trusted) and by the national surge simulation.
 *
 * Rules (DynamoDB Developer Guide, "Item sizes and formats" and the on-demand pricing page):
 * - an item's size is the sum of its attribute names (UTF-8 bytes) and values;
 * - a string is its UTF-8 length; a number is about 1 byte per two significant digits plus 1;
 *   a boolean or null is 1 byte; a set or list is the sum of its elements (+3 bytes for a list or
 *   map, +1 byte per element);
 * - one write unit writes up to 1 KB; an update costs the larger of the item before and after;
 *   a transactional write costs twice;
 * - one read unit reads up to 4 KB strongly consistent; eventually consistent costs half;
 *   transactional reads cost twice.
 */

const utf8Length = (text: string): number => Buffer.byteLength(text, 'utf8');

const numberSize = (value: number): number => {
  const digits = String(Math.abs(value))
    .replace(/[.-]|e.*$/gi, '')
    .replace(/^0+/, '')
    .replace(/0+$/, '');
  return Math.ceil(Math.max(1, digits.length) / 2) + 1;
};

/** The stored size of one attribute value, in bytes. */
export const valueSize = (value: unknown): number => {
  if (value === null || value === undefined || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return utf8Length(value);
  if (typeof value === 'number') return numberSize(value);
  if (value instanceof Set) {
    let size = 0;
    for (const element of value) size += valueSize(element);
    return size;
  }
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, element) => sum + 1 + valueSize(element), 0);
  if (value instanceof Uint8Array) return value.byteLength;
  if (typeof value === 'object') return 3 + itemSize(value as Record<string, unknown>) + Object.keys(value).length;
  return utf8Length(String(value));
};

/** The size of an item: attribute names plus values, in bytes. */
export const itemSize = (item: Record<string, unknown>): number => {
  let size = 0;
  for (const [name, value] of Object.entries(item)) {
    if (value === undefined) continue;
    size += utf8Length(name) + valueSize(value);
  }
  return size;
};

export const KB = 1024;

/** Write units of one write of an item of this size (an update: the larger of before and after). */
export const writeUnits = (bytes: number, transactional = false): number => Math.max(1, Math.ceil(bytes / KB)) * (transactional ? 2 : 1);

/** Read units of one read of an item (or of a query's bytes) of this size. */
export const readUnits = (bytes: number, consistency: 'eventual' | 'strong' | 'transactional' = 'strong'): number => {
  const units = Math.max(1, Math.ceil(bytes / (4 * KB)));
  return consistency === 'eventual' ? units / 2 : consistency === 'transactional' ? units * 2 : units;
};

/** DynamoDB's per-partition (and so per-item) throughput ceiling, write units per second. */
export const PARTITION_WRITE_LIMIT = 1000;
