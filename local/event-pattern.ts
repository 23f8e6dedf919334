/**
 * EventBridge content filtering, as event-ruler implements it: the local router uses this with
 * the same patterns the CDK rules deploy (platform/events.ts).
 *
 * - A pattern field's value is a list of conditions, OR'ed; an event array matches if any element does.
 *   Arrays nested in arrays count as one flat array (ruler flattens them, at any depth).
 * - Nested objects match field by field; into an array of objects, every field must hold in the same element.
 * - exists, prefix, suffix, equals-ignore-case, wildcard, anything-but, numeric, cidr, $or.
 */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Pattern = { [key: string]: unknown };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export class InvalidPatternError extends Error {}

/** An event array with the arrays nested in it flattened, at any depth (ruler's traverseArray). */
const elementsOf = (value: unknown[]): unknown[] => value.flat(Number.POSITIVE_INFINITY);

/** Leaf values of an event field: an array contributes its non-object elements, nested arrays included. */
const leavesOf = (value: unknown): Json[] => {
  if (value === undefined) return [];
  if (Array.isArray(value)) return elementsOf(value).filter((v) => !isObject(v)) as Json[];
  if (isObject(value)) return [];
  return [value as Json];
};

const wildcardToRegExp = (pattern: string, flags = ''): RegExp => {
  if (pattern.includes('**')) throw new InvalidPatternError('wildcard patterns may not contain consecutive *');
  const escaped = pattern
    .split('*')
    .map((part) => part.replace(/\\\*/g, '*').replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${escaped}$`, `s${flags}`);
};

const ipToBigInt = (ip: string): { value: bigint; bits: number } | null => {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(ip)) {
    const parts = ip.split('.').map(Number);
    if (parts.some((p) => p > 255)) return null;
    return { value: parts.reduce((acc, p) => (acc << 8n) + BigInt(p), 0n), bits: 32 };
  }
  if (ip.includes(':')) {
    const [head = '', tail = ''] = ip.split('::');
    const h = head ? head.split(':') : [];
    const t = ip.includes('::') ? (tail ? tail.split(':') : []) : [];
    const groups = ip.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : ip.split(':');
    if (groups.length !== 8 || groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return null;
    return { value: groups.reduce((acc, g) => (acc << 16n) + BigInt(parseInt(g, 16)), 0n), bits: 128 };
  }
  return null;
};

const matchesCidr = (cidr: string, value: Json): boolean => {
  if (typeof value !== 'string') return false;
  const [base = '', lengthText = ''] = cidr.split('/');
  const network = ipToBigInt(base);
  const ip = ipToBigInt(value);
  const length = Number(lengthText);
  if (!network || !ip || network.bits !== ip.bits) return false;
  const shift = BigInt(network.bits - length);
  return network.value >> shift === ip.value >> shift;
};

const matchesNumeric = (spec: unknown[], value: Json): boolean => {
  if (typeof value !== 'number') return false;
  for (let i = 0; i < spec.length; i += 2) {
    const op = spec[i];
    const bound = spec[i + 1];
    if (typeof bound !== 'number') throw new InvalidPatternError('numeric bounds must be numbers');
    const ok =
      op === '='
        ? value === bound
        : op === '<'
          ? value < bound
          : op === '<='
            ? value <= bound
            : op === '>'
              ? value > bound
              : op === '>='
                ? value >= bound
                : null;
    if (ok === null) throw new InvalidPatternError(`unknown numeric operator ${String(op)}`);
    if (!ok) return false;
  }
  return true;
};

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);

/** One condition of anything-but: true when the value is one of the excluded ones. */
const excluded = (spec: unknown, value: Json): boolean => {
  if (isObject(spec)) {
    if ('prefix' in spec) return typeof value === 'string' && asList(spec.prefix).some((p) => value.startsWith(String(p)));
    if ('suffix' in spec) return typeof value === 'string' && asList(spec.suffix).some((p) => value.endsWith(String(p)));
    if ('equals-ignore-case' in spec)
      return typeof value === 'string' && asList(spec['equals-ignore-case']).some((p) => String(p).toLowerCase() === value.toLowerCase());
    if ('wildcard' in spec) return typeof value === 'string' && asList(spec.wildcard).some((p) => wildcardToRegExp(String(p)).test(value));
    throw new InvalidPatternError(`unsupported anything-but form ${JSON.stringify(spec)}`);
  }
  return asList(spec).some((v) => v === value);
};

const matchesStringOp = (spec: unknown, value: Json, op: (text: string, operand: string) => boolean): boolean => {
  if (typeof value !== 'string') return false;
  if (isObject(spec) && 'equals-ignore-case' in spec) {
    return op(value.toLowerCase(), String(spec['equals-ignore-case']).toLowerCase());
  }
  return op(value, String(spec));
};

/** Does one condition (a literal or an operator object) match one leaf value? */
const matchesCondition = (condition: unknown, value: Json): boolean => {
  if (!isObject(condition)) return condition === value;
  const [op, spec] = Object.entries(condition)[0] ?? [];
  switch (op) {
    case 'prefix':
      return matchesStringOp(spec, value, (t, o) => t.startsWith(o));
    case 'suffix':
      return matchesStringOp(spec, value, (t, o) => t.endsWith(o));
    case 'equals-ignore-case':
      return typeof value === 'string' && value.toLowerCase() === String(spec).toLowerCase();
    case 'wildcard':
      return typeof value === 'string' && wildcardToRegExp(String(spec)).test(value);
    case 'anything-but':
      return !excluded(spec, value);
    case 'numeric':
      return matchesNumeric(spec as unknown[], value);
    case 'cidr':
      return matchesCidr(String(spec), value);
    default:
      throw new InvalidPatternError(`unsupported condition ${JSON.stringify(condition)}`);
  }
};

/** A list of conditions against one event field. */
const matchesField = (conditions: unknown[], eventValue: unknown): boolean => {
  const leaves = leavesOf(eventValue);
  return conditions.some((condition) => {
    if (isObject(condition) && 'exists' in condition) {
      return condition.exists === true ? leaves.length > 0 : leaves.length === 0;
    }
    return leaves.some((leaf) => matchesCondition(condition, leaf));
  });
};

/** Match a pattern object against an event object. */
export const matchesPattern = (pattern: Pattern, event: unknown): boolean => {
  for (const [key, expected] of Object.entries(pattern)) {
    if (key === '$or') {
      if (!Array.isArray(expected)) throw new InvalidPatternError('$or takes a list of patterns');
      if (!expected.some((sub) => matchesPattern(sub as Pattern, event))) return false;
      continue;
    }
    const value = isObject(event) ? event[key] : undefined;
    if (Array.isArray(expected)) {
      if (!matchesField(expected, value)) return false;
    } else if (isObject(expected)) {
      if (Array.isArray(value)) {
        // Into an array of objects: the whole sub-pattern must hold for one element.
        if (!elementsOf(value).some((element) => matchesPattern(expected, isObject(element) ? element : undefined))) return false;
      } else if (!matchesPattern(expected, isObject(value) ? value : undefined)) {
        return false;
      }
    } else {
      throw new InvalidPatternError(`pattern field '${key}' must be a list or an object`);
    }
  }
  return true;
};
