import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type BusEvent, LocalEventBus } from '../../local/event-bus.ts';
import type { RuleDefinition } from '../../platform/events.ts';

const RULES: RuleDefinition[] = [{ id: 'NoiseToSink', description: 'test', pattern: { source: ['test'] }, target: 'rollup' }];

describe('Class: LocalEventBus (durable journal)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bus-journal-'));
  const journalFile = join(dir, 'bus-journal.jsonl');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('given events accepted but not delivered when the process dies, when a new bus starts on the journal, then it delivers them once, and only them', async () => {
    // Prepare: a bus whose target never finishes (the process "dies" with the events queued).
    const crashed = new LocalEventBus({ rules: RULES, targets: { rollup: () => new Promise(() => undefined) }, journalFile });
    const answer = crashed.putEvents([
      { Source: 'test', DetailType: 'Noise', Detail: '{"n":1}' },
      { Source: 'test', DetailType: 'Noise', Detail: '{"n":2}' },
      { Source: 'other', DetailType: 'Noise', Detail: '{"n":3}' },
    ]);
    expect(answer.FailedEntryCount).toBe(0);
    // Durable before acknowledged: the journal holds the matched events as PutEvents returns.
    expect(readFileSync(journalFile, 'utf8').trim().split('\n')).toHaveLength(2);
    crashed.stop();

    // Act: the restart.
    const received: BusEvent[] = [];
    const restarted = new LocalEventBus({ rules: RULES, targets: { rollup: async (event) => received.push(event) }, journalFile });
    expect(restarted.recover()).toBe(2);
    await restarted.idle();

    // Assess: both delivered, with their original ids; the journal says so, and a second start replays nothing.
    expect(received.map((e) => (e.detail as { n: number }).n).sort()).toEqual([1, 2]);
    expect(received.map((e) => e.id).sort()).toEqual(
      crashed.published
        .slice(0, 2)
        .map((e) => e.id)
        .sort(),
    );
    const again = new LocalEventBus({ rules: RULES, targets: { rollup: async () => received.push() }, journalFile });
    expect(again.recover()).toBe(0);
  });

  it('given a bus without a journal, then recover does nothing', () => {
    expect(new LocalEventBus({ rules: RULES, targets: { rollup: async () => undefined } }).recover()).toBe(0);
  });
});
