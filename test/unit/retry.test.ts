import { describe, expect, it } from 'vitest';
import { drain, isTransientDynamoError, withRetry } from '../../functions/commons/retry.ts';

const named = (name: string): Error => Object.assign(new Error(name), { name });
const quick = { attempts: 4, baseMs: 1 };

describe('withRetry', () => {
  it('given errors it accepts, when a later try succeeds, then it returns that result', async () => {
    const tries: number[] = [];
    const result = await withRetry(
      async (attempt) => {
        tries.push(attempt);
        if (attempt < 2) throw named('ThrottlingException');
        return 'done';
      },
      { ...quick, retryOn: isTransientDynamoError },
    );
    expect(result).toBe('done');
    expect(tries).toEqual([0, 1, 2]);
  });

  it('given an error it does not accept, then it throws at once', async () => {
    let calls = 0;
    const run = withRetry(
      async () => {
        calls++;
        throw named('ValidationException');
      },
      { ...quick, retryOn: isTransientDynamoError },
    );
    await expect(run).rejects.toThrow('ValidationException');
    expect(calls).toBe(1);
  });

  it('given every try fails, then it throws the exhausted error after the last try', async () => {
    let calls = 0;
    const run = withRetry(
      async () => {
        calls++;
        throw named('TransactionConflictException');
      },
      { ...quick, retryOn: () => true, exhausted: (last) => new Error(`gave up after ${(last as Error).name}`) },
    );
    await expect(run).rejects.toThrow('gave up after TransactionConflictException');
    expect(calls).toBe(4);
  });
});

describe('drain', () => {
  it('given a step that leaves some items pending, then it retries only those until none is left', async () => {
    const seen: number[][] = [];
    const left = await drain(
      [1, 2, 3, 4],
      async (pending) => {
        seen.push([...pending]);
        return pending.filter((n) => n > seen.length + 1);
      },
      quick,
    );
    expect(left).toEqual([]);
    expect(seen).toEqual([[1, 2, 3, 4], [3, 4], [4]]);
  });

  it('given items that never go through, then it returns them after the last round', async () => {
    let rounds = 0;
    const left = await drain(
      ['a'],
      async (pending) => {
        rounds++;
        return pending;
      },
      quick,
    );
    expect(left).toEqual(['a']);
    expect(rounds).toBe(4);
  });
});
