import { describe, expect, it } from 'vitest';
import { coalesceRollupUpdates } from '../../functions/publisher/publish.ts';

const entry = (detailType: string, detail: Record<string, unknown>) => ({
  EventBusName: 'b',
  Source: 'tonghop',
  DetailType: detailType,
  Detail: JSON.stringify(detail),
});
const updated = (unitId: string, schoolId: string, changed: string[], version = 1) =>
  entry('RollupUpdated', { unitId, period: 'p', changed, schoolId, version });

describe('Function: coalesceRollupUpdates', () => {
  it('given a burst of schools of one ward, then each ancestor gets one RollupUpdated with the union of changes and every school', () => {
    const out = coalesceRollupUpdates([
      updated('ward', 's1', ['pupils']),
      updated('city', 's1', ['pupils']),
      updated('ward', 's2', ['classes', 'pupils'], 3),
      updated('city', 's2', ['classes', 'pupils'], 3),
      entry('UnitCompleted', { unitId: 'ward', period: 'p', expected: 2, rev: 1 }),
    ]);
    expect(out.map((e) => e.DetailType)).toEqual(['RollupUpdated', 'RollupUpdated', 'UnitCompleted']);
    expect(JSON.parse(out[0]?.Detail ?? '')).toEqual({
      unitId: 'ward',
      period: 'p',
      changed: ['classes', 'pupils'],
      schoolId: 's2',
      version: 3,
      schools: ['s1', 's2'],
    });
    expect(JSON.parse(out[1]?.Detail ?? '').schools).toEqual(['s1', 's2']);
  });

  it('keeps other periods and other events apart', () => {
    const out = coalesceRollupUpdates([
      updated('ward', 's1', ['a']),
      entry('RollupUpdated', { unitId: 'ward', period: 'q', changed: ['b'], schoolId: 's1', version: 1 }),
    ]);
    expect(out).toHaveLength(2);
  });
});
