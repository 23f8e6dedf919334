import { describe, expect, it } from 'vitest';
import { InvalidPatternError, matchesPattern } from '../../local/event-pattern.ts';
import { RULES, STREAM_CONSUMERS, STREAM_FILTERS } from '../../platform/events.ts';

const envelope = (detail: unknown, overrides: Record<string, unknown> = {}) => ({
  version: '0',
  id: 'e1',
  'detail-type': 'SubmissionAccepted',
  source: 'tonghop',
  account: '000000000000',
  time: '2022-10-20T01:00:00Z',
  region: 'ap-southeast-1',
  resources: [],
  detail,
  ...overrides,
});

describe('Function: matchesPattern', () => {
  describe('exact values and lists', () => {
    it('given a list of values, when the event value is any of them, then it matches', () => {
      expect(matchesPattern({ source: ['a', 'tonghop'] }, envelope({}))).toBe(true);
      expect(matchesPattern({ source: ['a', 'b'] }, envelope({}))).toBe(false);
    });
    it('given an event array, when any element matches, then it matches', () => {
      expect(matchesPattern({ resources: ['r2'] }, envelope({}, { resources: ['r1', 'r2'] }))).toBe(true);
      expect(matchesPattern({ resources: ['r3'] }, envelope({}, { resources: ['r1', 'r2'] }))).toBe(false);
    });
    it('ignores fields absent from the pattern and matches the whole envelope, not only detail', () => {
      expect(matchesPattern({ 'detail-type': ['SubmissionAccepted'], detail: { period: ['p'] } }, envelope({ period: 'p', other: 1 }))).toBe(true);
      expect(matchesPattern({ period: ['p'] }, envelope({ period: 'p' }))).toBe(false);
    });
    it('compares numbers by value and keeps types apart', () => {
      expect(matchesPattern({ detail: { v: [5] } }, envelope({ v: 5.0 }))).toBe(true);
      expect(matchesPattern({ detail: { v: ['5'] } }, envelope({ v: 5 }))).toBe(false);
      expect(matchesPattern({ detail: { v: [true] } }, envelope({ v: true }))).toBe(true);
    });
  });

  describe('null, empty string and exists', () => {
    it('distinguishes null from the empty string', () => {
      expect(matchesPattern({ detail: { x: [null] } }, envelope({ x: null }))).toBe(true);
      expect(matchesPattern({ detail: { x: [null] } }, envelope({ x: '' }))).toBe(false);
      expect(matchesPattern({ detail: { x: [''] } }, envelope({ x: '' }))).toBe(true);
      expect(matchesPattern({ detail: { x: [''] } }, envelope({ x: null }))).toBe(false);
      expect(matchesPattern({ detail: { x: [null] } }, envelope({}))).toBe(false);
    });
    it('exists:false matches a missing leaf and a key that holds an object', () => {
      expect(matchesPattern({ detail: { x: [{ exists: false }] } }, envelope({}))).toBe(true);
      expect(matchesPattern({ detail: { x: [{ exists: false }] } }, envelope({ x: { y: 1 } }))).toBe(true);
      expect(matchesPattern({ detail: { x: [{ exists: false }] } }, envelope({ x: 1 }))).toBe(false);
    });
    it('exists:true needs a leaf value (null counts as a value)', () => {
      expect(matchesPattern({ detail: { x: [{ exists: true }] } }, envelope({ x: 'a' }))).toBe(true);
      expect(matchesPattern({ detail: { x: [{ exists: true }] } }, envelope({ x: null }))).toBe(true);
      expect(matchesPattern({ detail: { x: [{ exists: true }] } }, envelope({ x: { y: 1 } }))).toBe(false);
      expect(matchesPattern({ detail: { x: [{ exists: true }] } }, envelope({}))).toBe(false);
    });
  });

  describe('string operators', () => {
    it('prefix and suffix, with their equals-ignore-case forms', () => {
      expect(matchesPattern({ detail: { id: [{ prefix: 'lc-' }] } }, envelope({ id: 'lc-tp' }))).toBe(true);
      expect(matchesPattern({ detail: { id: [{ prefix: 'LC-' }] } }, envelope({ id: 'lc-tp' }))).toBe(false);
      expect(matchesPattern({ detail: { id: [{ prefix: { 'equals-ignore-case': 'LC-' } }] } }, envelope({ id: 'lc-tp' }))).toBe(true);
      expect(matchesPattern({ detail: { f: [{ suffix: '.png' }] } }, envelope({ f: 'a.png' }))).toBe(true);
      expect(matchesPattern({ detail: { f: [{ suffix: { 'equals-ignore-case': '.PNG' } }] } }, envelope({ f: 'a.png' }))).toBe(true);
      expect(matchesPattern({ detail: { f: [{ suffix: '.png' }] } }, envelope({ f: 'a.PNG' }))).toBe(false);
    });
    it('equals-ignore-case', () => {
      expect(matchesPattern({ detail: { k: [{ 'equals-ignore-case': 'ĐẦU NĂM' }] } }, envelope({ k: 'đầu năm' }))).toBe(true);
    });
    it('wildcard is anchored at both ends and * matches any run, also none', () => {
      expect(matchesPattern({ detail: { p: [{ wildcard: '2022-*.start' }] } }, envelope({ p: '2022-2023.start' }))).toBe(true);
      expect(matchesPattern({ detail: { p: [{ wildcard: '2022-*' }] } }, envelope({ p: 'x2022-2023' }))).toBe(false);
      expect(matchesPattern({ detail: { p: [{ wildcard: 'a*b' }] } }, envelope({ p: 'ab' }))).toBe(true);
      expect(matchesPattern({ detail: { p: [{ wildcard: 'a.b' }] } }, envelope({ p: 'axb' }))).toBe(false);
    });
  });

  describe('anything-but', () => {
    it('takes a value, a list, prefix, suffix, equals-ignore-case and wildcard forms', () => {
      expect(matchesPattern({ detail: { s: [{ 'anything-but': 'a' }] } }, envelope({ s: 'b' }))).toBe(true);
      expect(matchesPattern({ detail: { s: [{ 'anything-but': ['a', 'b'] }] } }, envelope({ s: 'b' }))).toBe(false);
      expect(matchesPattern({ detail: { s: [{ 'anything-but': { prefix: 'lc' } }] } }, envelope({ s: 'lc-1' }))).toBe(false);
      expect(matchesPattern({ detail: { s: [{ 'anything-but': { suffix: '-1' } }] } }, envelope({ s: 'lc-2' }))).toBe(true);
      expect(matchesPattern({ detail: { s: [{ 'anything-but': { 'equals-ignore-case': ['A'] } }] } }, envelope({ s: 'a' }))).toBe(false);
      expect(matchesPattern({ detail: { s: [{ 'anything-but': { wildcard: 'x*' } }] } }, envelope({ s: 'xy' }))).toBe(false);
      expect(matchesPattern({ detail: { n: [{ 'anything-but': [1, 2] }] } }, envelope({ n: 3 }))).toBe(true);
    });
    it('does not match a missing field', () => {
      expect(matchesPattern({ detail: { s: [{ 'anything-but': 'a' }] } }, envelope({}))).toBe(false);
    });
    it('two anything-but entries in one list match every value (entries are OR-ed)', () => {
      const pattern = { detail: { s: [{ 'anything-but': 'a' }, { 'anything-but': 'b' }] } };
      expect(matchesPattern(pattern, envelope({ s: 'a' }))).toBe(true);
      expect(matchesPattern(pattern, envelope({ s: 'b' }))).toBe(true);
    });
  });

  describe('numeric and cidr', () => {
    it('numeric with one or two bounds, numbers only', () => {
      expect(matchesPattern({ detail: { v: [{ numeric: ['>', 0, '<=', 5] }] } }, envelope({ v: 5 }))).toBe(true);
      expect(matchesPattern({ detail: { v: [{ numeric: ['>', 0, '<=', 5] }] } }, envelope({ v: 0 }))).toBe(false);
      expect(matchesPattern({ detail: { v: [{ numeric: ['=', 3] }] } }, envelope({ v: 3 }))).toBe(true);
      expect(matchesPattern({ detail: { v: [{ numeric: ['>=', 3] }] } }, envelope({ v: '4' }))).toBe(false);
      expect(() => matchesPattern({ detail: { v: [{ numeric: ['>', '3'] }] } }, envelope({ v: 4 }))).toThrow(InvalidPatternError);
    });
    it('cidr masks host bits of the base, IPv4 and IPv6', () => {
      expect(matchesPattern({ detail: { ip: [{ cidr: '10.0.0.77/24' }] } }, envelope({ ip: '10.0.0.5' }))).toBe(true);
      expect(matchesPattern({ detail: { ip: [{ cidr: '10.0.0.0/24' }] } }, envelope({ ip: '10.0.1.5' }))).toBe(false);
      expect(matchesPattern({ detail: { ip: [{ cidr: '2001:db8::/32' }] } }, envelope({ ip: '2001:db8:1::1' }))).toBe(true);
      expect(matchesPattern({ detail: { ip: [{ cidr: '2001:db8::/32' }] } }, envelope({ ip: '2001:db9::1' }))).toBe(false);
    });
  });

  describe('$or and arrays of objects', () => {
    it('$or matches when any sub-pattern matches, AND-ed with the other fields', () => {
      const pattern = { source: ['tonghop'], $or: [{ detail: { a: [1] } }, { detail: { b: [2] } }] };
      expect(matchesPattern(pattern, envelope({ b: 2 }))).toBe(true);
      expect(matchesPattern(pattern, envelope({ c: 2 }))).toBe(false);
      expect(matchesPattern(pattern, envelope({ b: 2 }, { source: 'x' }))).toBe(false);
    });
    it('into an array of objects, all fields must hold in the same element', () => {
      const event = envelope({
        items: [
          { k: 'a', v: 1 },
          { k: 'b', v: 2 },
        ],
      });
      expect(matchesPattern({ detail: { items: { k: ['a'], v: [1] } } }, event)).toBe(true);
      expect(matchesPattern({ detail: { items: { k: ['a'], v: [2] } } }, event)).toBe(false);
    });
  });

  describe('arrays nested in arrays (flattened, as event-ruler does)', () => {
    it('given values in arrays inside arrays, at any depth, then each is a value of the field', () => {
      const event = envelope({ tags: [['a', ['b']], 'c', [[['d']]]] });
      for (const tag of ['a', 'b', 'c', 'd']) expect(matchesPattern({ detail: { tags: [tag] } }, event), tag).toBe(true);
      expect(matchesPattern({ detail: { tags: ['e'] } }, event)).toBe(false);
      expect(matchesPattern({ detail: { tags: [{ prefix: 'd' }] } }, event)).toBe(true);
      expect(matchesPattern({ detail: { tags: [{ exists: true }] } }, envelope({ tags: [[], [['x']]] }))).toBe(true);
      expect(matchesPattern({ detail: { tags: [{ exists: false }] } }, envelope({ tags: [[], [[]]] }))).toBe(true);
    });
    it('given objects in arrays inside arrays, then a sub-pattern matches one of them, all its fields in that same object', () => {
      const event = envelope({ items: [[{ k: 'a', v: 1 }], [[{ k: 'b', v: 2 }]]] });
      expect(matchesPattern({ detail: { items: { k: ['b'], v: [2] } } }, event)).toBe(true);
      expect(matchesPattern({ detail: { items: { k: ['a'], v: [2] } } }, event)).toBe(false);
      expect(matchesPattern({ detail: { items: { k: ['a'], v: [1] } } }, envelope({ items: [[{ k: 'a' }, { v: 1 }]] }))).toBe(false);
    });
  });

  describe('the deployed patterns', () => {
    it('routes RollupUpdated from tonghop to the evaluation and nothing else', () => {
      const rule = RULES.find((r) => r.id === 'RollupUpdatedToEvaluate');
      expect(rule && matchesPattern(rule.pattern, envelope({ unitId: 'u' }, { 'detail-type': 'RollupUpdated' }))).toBe(true);
      expect(rule && matchesPattern(rule.pattern, envelope({}, { source: 'other', 'detail-type': 'RollupUpdated' }))).toBe(false);
      expect(rule && matchesPattern(rule.pattern, envelope({}, { 'detail-type': 'SubmissionAccepted' }))).toBe(false);
    });
    it('gives the rollup stored final versions only: inserted, and never a draft', () => {
      const rollup = STREAM_CONSUMERS.find((c) => c.function === 'rollup');
      const version = (eventName: string, extra: Record<string, unknown> = {}) => ({
        eventName,
        dynamodb: { NewImage: { type: { S: 'SubmissionVersion' }, ...extra } },
      });
      const passes = (r: unknown) => rollup?.filters.some((f) => matchesPattern(f, r)) ?? false;
      expect(passes(version('INSERT'))).toBe(true);
      expect(passes(version('INSERT', { draft: { BOOL: true } }))).toBe(false);
      expect(passes(version('MODIFY'))).toBe(false);
      expect(passes({ eventName: 'INSERT', dynamodb: { NewImage: { type: { S: 'AppliedVersion' } } } })).toBe(false);
    });
    it('lets only inserted submission versions and applied versions through the stream filters', () => {
      const record = (eventName: string, type: string) => ({ eventName, dynamodb: { NewImage: { type: { S: type } } } });
      const passes = (r: unknown) => STREAM_FILTERS.some((f) => matchesPattern(f, r));
      expect(passes(record('INSERT', 'SubmissionVersion'))).toBe(true);
      expect(passes(record('MODIFY', 'SubmissionVersion'))).toBe(false);
      expect(passes(record('MODIFY', 'AppliedVersion'))).toBe(true);
      expect(passes(record('INSERT', 'Aggregate'))).toBe(false);
      expect(passes(record('REMOVE', 'AppliedVersion'))).toBe(false);
    });
  });
});
