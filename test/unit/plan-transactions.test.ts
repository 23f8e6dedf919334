import { describe, expect, it } from 'vitest';
import { planTransactions } from '../../functions/rollup/apply-batch.ts';

const move = (school: number, ward: number) => ({
  school,
  shards: [
    { unitId: `ward-${ward}`, shard: 0 },
    { unitId: 'city', shard: 0 },
    { unitId: 'province', shard: school % 16 },
  ],
});

describe('Function: planTransactions', () => {
  it('given schools sharing ancestors, then their shards are counted once in a transaction', () => {
    const plans = planTransactions([move(0, 1), move(16, 1), move(32, 1)]);
    expect(plans).toHaveLength(1);
  });

  it('given more items than a transaction holds, then it cuts whole moves, each plan within the limit', () => {
    const moves = Array.from({ length: 300 }, (_, i) => move(i, i % 20));
    const plans = planTransactions(moves);
    expect(plans.flat()).toHaveLength(300);
    for (const plan of plans) {
      const shards = new Set(plan.flatMap((m) => m.shards.map((s) => `${s.unitId}#${s.shard}`)));
      expect(plan.length + shards.size).toBeLessThanOrEqual(100);
    }
    expect(plans.length).toBeGreaterThan(3);
  });
});
