import { readFileSync } from 'node:fs';
import { marshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { matchesPattern } from '../../local/event-pattern.ts';
import { EVENTS, eventsOfItem, RULES, STREAM_CONSUMERS, STREAM_FILTERS } from '../../platform/events.ts';
import { FUNCTIONS } from '../../platform/functions.ts';
import { ROUTES } from '../../platform/routes.ts';
import { EventDetailSchemas } from '../../schemas/events.ts';

const streamRecord = (eventName: string, item: Record<string, unknown>) => ({ eventName, dynamodb: { NewImage: marshall(item) } });
const passesFilters = (eventName: string, item: Record<string, unknown>) => STREAM_FILTERS.some((f) => matchesPattern(f, streamRecord(eventName, item)));

/** One stored item of each type (several when the item's content selects its event), as the functions write them. */
const SAMPLES: Record<string, Record<string, unknown> | Record<string, unknown>[]> = {
  SubmissionVersion: {
    type: 'SubmissionVersion',
    submissionId: 's-1',
    schoolId: 'lc-a',
    period: '2022-2023.start',
    version: 2,
    submittedAt: '2022-10-20T08:00:00.000+07:00',
    values: { pupils: 1 },
  },
  AppliedVersion: { type: 'AppliedVersion', schoolId: 'lc-a', period: '2022-2023.start', version: 2, ancestors: ['lc', 'lc-w'], changed: ['pupils'] },
  Evaluation: {
    type: 'Evaluation',
    unitId: 'lc',
    period: '2022-2023.start',
    rev: 3,
    transitions: [
      { type: 'TargetMissed', indicator: 'r', value: 0.5, threshold: 0.9, direction: 'atLeast', targetUnitId: 'lc' },
      { type: 'UnitCompleted', expected: 4 },
      { type: 'TargetMet', indicator: 'q', value: 0.95, threshold: 0.9, direction: 'atLeast', targetUnitId: 'lc' },
    ],
  },
  Calendar: { type: 'Calendar', unitId: 'lc', schoolYear: '2022-2023', rev: 2 },
  Notification: { type: 'Notification', recipientId: 'lc-a', schedule: 'g/s', kind: 'deadline', title: 'Nhắc', lines: ['…'] },
  ApprovalDecision: [
    { action: 'review-approve', version: 2 },
    { action: 'review-return', version: 2, comment: 'Sửa lại', link: 'https://x/form?t=a' },
    { action: 'unit-approve' },
    { action: 'unlock-request', comment: 'Nhập nhầm', requestId: 'u-1' },
    { action: 'unlock-grant', requestId: 'u-1', hours: 72, expiresAt: '2023-07-23T08:00:00.000+07:00' },
  ].map((decision) => ({
    type: 'ApprovalDecision',
    unitId: 'lc-a',
    period: '2022-2023.start',
    rev: 1,
    by: 'x',
    byUnit: 'lc',
    at: '2023-07-20T08:00:00.000+07:00',
    ...decision,
  })),
};

describe('platform: the event flow in one place', () => {
  it('given each stored item type, when the stream shows it, then its events are valid against their schemas and pass the filters', () => {
    for (const event of EVENTS) {
      const items = [SAMPLES[event.from.itemType] ?? []].flat();
      expect(items.length, event.from.itemType).toBeGreaterThan(0);
      for (const eventName of event.from.on) {
        for (const item of items) expect(passesFilters(eventName, item)).toBe(true);
        const events = items.flatMap((item) => eventsOfItem(item, eventName)).filter((e) => e.detailType === event.detailType);
        expect(events.length, event.detailType).toBeGreaterThan(0);
        for (const { detail } of events) expect(EventDetailSchemas[event.detailType].safeParse(detail).success, event.detailType).toBe(true);
      }
    }
  });

  it('given items the stream should not publish, then the filters drop them and no event is made', () => {
    expect(passesFilters('MODIFY', SAMPLES.SubmissionVersion as Record<string, unknown>)).toBe(false);
    expect(passesFilters('REMOVE', SAMPLES.AppliedVersion as Record<string, unknown>)).toBe(false);
    expect(passesFilters('INSERT', { type: 'Aggregate', unitId: 'lc' })).toBe(false);
    expect(eventsOfItem(SAMPLES.Notification as Record<string, unknown>, 'MODIFY')).toEqual([]);
    expect(eventsOfItem({ type: 'Aggregate' }, 'INSERT')).toEqual([]);
  });

  it('given an applied version and an evaluation, then one event per ancestor and one per transition', () => {
    expect(eventsOfItem(SAMPLES.AppliedVersion as Record<string, unknown>, 'INSERT').map((e) => (e.detail as { unitId: string }).unitId)).toEqual([
      'lc',
      'lc-w',
    ]);
    expect(
      eventsOfItem(SAMPLES.Evaluation as Record<string, unknown>, 'MODIFY')
        .map((e) => e.detailType)
        .sort(),
    ).toEqual(['TargetMet', 'TargetMissed', 'UnitCompleted']);
  });

  it('every rule and route names a function of FUNCTIONS, and every function is reached by something', () => {
    const reached = new Set<string>(STREAM_CONSUMERS.map((consumer) => consumer.function));
    for (const rule of RULES) reached.add(rule.target);
    for (const route of ROUTES) reached.add(route.function);
    for (const [name, definition] of Object.entries(FUNCTIONS)) if ('scheduleTarget' in definition) reached.add(name);
    expect([...reached].sort()).toEqual(Object.keys(FUNCTIONS).sort());
  });

  it('the README events table lists every event with its stored item, rules and targets', () => {
    const readme = readFileSync('README.md', 'utf8');
    for (const event of EVENTS) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${event.detailType}\` |`));
      expect(row, event.detailType).toBeDefined();
      expect(row).toContain(`\`${event.from.itemType}\``);
      for (const rule of RULES.filter((r) => (r.pattern['detail-type'] as string[] | undefined)?.includes(event.detailType))) {
        expect(row).toContain(`\`${rule.id}\``);
        expect(row).toContain(`\`${rule.target}\``);
      }
    }
  });

  it('the README lists every npm script and every test suite', () => {
    const readme = readFileSync('README.md', 'utf8');
    const scripts = Object.keys((JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts);
    for (const script of scripts) {
      const command = script === 'start' || script === 'test' ? `npm ${script}` : `npm run ${script}`;
      expect(readme.includes(`\`${command}\``) || readme.includes(`\`${command} `) || readme.includes(`\`npm run -s ${script} `), script).toBe(true);
    }
    for (const suite of ['unit', 'integration', 'browser', 'infra']) expect(readme, suite).toContain(`| ${suite} (\`test/${suite}/\`) |`);
  });
});
