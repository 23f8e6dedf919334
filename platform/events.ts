/**
 * The whole event flow in one place: every event, who emits it, which rule routes it and
 * which function handles it. The CDK stack builds its rules from RULES and the local
 * runtime routes with the very same patterns.
 */
import type { z } from 'zod';
import { type DecisionEvent, decisionDetails } from '../domain/approval-events.ts';
import type { ApprovalDecision } from '../schemas/approval.ts';
import { type DetailType, EVENT_SOURCE, type EventDetailSchemas, type Transition } from '../schemas/events.ts';
import type { FunctionName } from './functions.ts';

export type EventPattern = Record<string, unknown>;

export interface RuleDefinition {
  /** Stable id, also the construct id of the rule. */
  readonly id: string;
  readonly description: string;
  readonly pattern: EventPattern;
  /** The function (key of FUNCTIONS) the rule delivers to. */
  readonly target: FunctionName;
}

/** Stream event names (the `eventName` of a stream record) that publish an item. */
export type StreamEventName = 'INSERT' | 'MODIFY';

/** A stored item as the stream's new image shows it, unmarshalled. */
// biome-ignore lint/suspicious/noExplicitAny: items are read field by field into typed details
export type StoredItem = Record<string, any>;

export type DetailOf<K extends DetailType> = z.input<(typeof EventDetailSchemas)[K]>;

export interface EventDefinition<K extends DetailType = DetailType> {
  readonly detailType: K;
  readonly description: string;
  /**
   * The stored item that stands for the event: the table stream is the outbox, and the
   * publisher turns the item into its events when the stream shows it with one of `on`.
   */
  readonly from: { readonly itemType: string; readonly on: readonly StreamEventName[]; readonly writtenBy: string };
  /** The details of the events one item stands for (one, one per ancestor, one per transition…). */
  readonly details: (item: StoredItem) => readonly DetailOf<K>[];
}

const defineEvent = <K extends DetailType>(definition: EventDefinition<K>): EventDefinition => definition as unknown as EventDefinition;

/** One event per recorded transition of the given type. */
const transitionDetails = <K extends Transition['type']>(item: StoredItem, type: K): DetailOf<K>[] =>
  (item.transitions as Transition[])
    .filter((transition) => transition.type === type)
    .map(({ type: _type, ...rest }) => ({ unitId: item.unitId, period: item.period, ...rest, rev: item.rev }) as DetailOf<K>);

/** A transition the evaluate function records in its Evaluation item: one event per transition of the type. */
const transitionEvent = <K extends Transition['type']>(detailType: K, description: string): EventDefinition =>
  defineEvent({
    detailType,
    description,
    from: { itemType: 'Evaluation', on: ['INSERT', 'MODIFY'], writtenBy: 'evaluate (the Evaluation item, with its transitions)' },
    details: (item) => transitionDetails(item, detailType),
  });

/** Events of review, approval and unlocking: each decision's audit entry stands for at most one (domain/approval-events.ts). */
const DECISION_EVENTS: Record<DecisionEvent['detailType'], string> = {
  SubmissionApproved: 'A leader above a school approved its report for a period: that version is frozen.',
  SubmissionReturned: 'A leader above a school returned its report with a comment; the school corrects and resubmits.',
  UnitApproved: 'A leader above a unit approved it for a period, every child being approved.',
  UnlockRequested: 'A school asked to reopen a locked period, with its reason.',
  UnlockGranted: 'A leader above a school reopened a locked period for it until the grant expires.',
};

/** Every event on the bus: what it means, the stored item it comes from, and its detail. */
export const EVENTS: readonly EventDefinition[] = [
  defineEvent({
    detailType: 'SubmissionAccepted',
    description: 'A school submission version (not a draft) was stored.',
    from: { itemType: 'SubmissionVersion', on: ['INSERT'], writtenBy: 'submit, form (the version, in the transaction that stores it)' },
    // Drafts are versions too, but never rolled up: they stand for no event.
    details: (item) =>
      item.draft === true
        ? []
        : [{ submissionId: item.submissionId, schoolId: item.schoolId, period: item.period, version: item.version, submittedAt: item.submittedAt }],
  }),
  defineEvent({
    detailType: 'RollupUpdated',
    description: 'The aggregate of a unit for a period changed: one event per ancestor, coalesced per (unit, period) in each stream batch.',
    from: { itemType: 'AppliedVersion', on: ['INSERT', 'MODIFY'], writtenBy: 'rollup (the APPLIED item of its transaction)' },
    details: (item) =>
      (item.ancestors as string[]).map((unitId) => ({ unitId, period: item.period, changed: item.changed, schoolId: item.schoolId, version: item.version })),
  }),
  transitionEvent('TargetMet', 'A unit’s indicator went from missing its target to meeting it (transitions only).'),
  transitionEvent('TargetMissed', 'A unit’s indicator went from meeting its target (or no value) to missing it (transitions only).'),
  transitionEvent('UnitCompleted', 'The last expected school below a unit reported for the period.'),
  defineEvent({
    detailType: 'CalendarChanged',
    description: 'A unit’s work calendar for a school year changed: its schedules must follow.',
    from: { itemType: 'Calendar', on: ['INSERT', 'MODIFY'], writtenBy: 'calendar, calendar:import (the Calendar META item, when something changed)' },
    details: (item) => [{ unitId: item.unitId, schoolYear: item.schoolYear, rev: item.rev }],
  }),
  defineEvent({
    detailType: 'ReminderDue',
    description: 'A reminder for one recipient, for the notification channel.',
    from: { itemType: 'Notification', on: ['INSERT'], writtenBy: 'reminder (one Notification item per schedule and recipient)' },
    details: ({ recipientId, schedule, kind, title, lines, link }) => [{ recipientId, schedule, kind, title, lines, ...(link ? { link } : {}) }],
  }),
  ...(['SubmissionApproved', 'SubmissionReturned', 'UnitApproved', 'UnlockRequested', 'UnlockGranted'] as const).map((detailType) =>
    defineEvent({
      detailType,
      description: DECISION_EVENTS[detailType],
      from: { itemType: 'ApprovalDecision', on: ['INSERT'], writtenBy: 'approval (the audit entry of each decision, in its transaction)' },
      details: (item) => decisionDetails(item as ApprovalDecision, detailType) as DetailOf<typeof detailType>[],
    }),
  ),
];

/** The events a stored item stands for when the stream shows it with `eventName` (none for other items). */
export const eventsOfItem = (item: StoredItem, eventName: string): { detailType: DetailType; detail: unknown }[] =>
  EVENTS.filter((event) => event.from.itemType === item.type && (event.from.on as readonly string[]).includes(eventName)).flatMap((event) =>
    event.details(item).map((detail) => ({ detailType: event.detailType, detail })),
  );

export const RULES: readonly RuleDefinition[] = [
  {
    id: 'RollupUpdatedToEvaluate',
    description: 'Evaluate targets and completeness of every unit whose aggregate changed',
    pattern: { source: [EVENT_SOURCE], 'detail-type': ['RollupUpdated'] },
    target: 'evaluate',
  },
  {
    id: 'CalendarChangedToSync',
    description: 'Keep EventBridge Scheduler in step with every calendar change',
    pattern: { source: [EVENT_SOURCE], 'detail-type': ['CalendarChanged'] },
    target: 'calendarSync',
  },
  {
    id: 'NotificationEventsToNotify',
    description: 'Tell the subscribers (email, coalesced) and the unit’s inbox what happened',
    pattern: { source: [EVENT_SOURCE], 'detail-type': ['UnitCompleted', 'TargetMissed', 'TargetMet', 'ReminderDue'] },
    target: 'notify',
  },
];

/**
 * Lambda event filters of the stream → publisher mapping (the same pattern language; a record
 * passes if any filter matches), derived from EVENTS: one filter per set of stream event names.
 */
export const STREAM_FILTERS: readonly EventPattern[] = (() => {
  const typesByEvents = new Map<string, Set<string>>();
  for (const { from } of EVENTS) {
    const key = [...from.on].sort().join(',');
    typesByEvents.set(key, (typesByEvents.get(key) ?? new Set()).add(from.itemType));
  }
  return [...typesByEvents].map(([on, types]) => ({ eventName: on.split(','), dynamodb: { NewImage: { type: { S: [...types] } } } }));
})();

/**
 * A function that reads the table stream itself (an event source mapping), in batches. The
 * publisher is the outbox; the rollup reads the stored final versions directly, so that a batch of
 * schools is applied with its ancestors' deltas merged (functions/rollup/apply-batch.ts). Order
 * does not matter to either (APPLIED markers and revision checks), so each shard may be read by
 * several concurrent batches. Two consumers: DynamoDB Streams serves at most two readers a shard
 * without throttling.
 */
export interface StreamConsumer {
  readonly function: FunctionName;
  readonly description: string;
  /** Lambda event filters (a record passes if any matches). */
  readonly filters: readonly EventPattern[];
  /** Records per invocation at most, and how long the mapping may wait to fill a batch. */
  readonly batchSize: number;
  readonly maxBatchingWindowSeconds: number;
  /** Concurrent batches per stream shard. */
  readonly parallelizationFactor: number;
}

/** The outbox: the stream consumer that publishes stored items as events. */
export const STREAM_OUTBOX: FunctionName = 'publisher';

export const STREAM_CONSUMERS: readonly StreamConsumer[] = [
  {
    function: STREAM_OUTBOX,
    description: 'The outbox: stored items become the events of EVENTS',
    filters: STREAM_FILTERS,
    batchSize: 100,
    maxBatchingWindowSeconds: 0,
    parallelizationFactor: 10,
  },
  {
    function: 'rollup',
    description: 'Stored final versions (drafts never), rolled up in batches with merged deltas',
    filters: [{ eventName: ['INSERT'], dynamodb: { NewImage: { type: { S: ['SubmissionVersion'] }, draft: { BOOL: [{ exists: false }] } } } }],
    batchSize: 100,
    maxBatchingWindowSeconds: 1,
    parallelizationFactor: 10,
  },
];

/** Delivery settings, in the cloud and locally: each figure is set here only. */
export const DELIVERY = {
  /** Rule targets and reminder schedules: EventBridge's maximum age of an event (24 h)… */
  maxEventAgeSeconds: 24 * 60 * 60,
  /** …and its maximum number of retries. */
  retryAttempts: 185,
  /** Retries of a failing stream batch in the stack, before its on-failure queue. */
  streamRetryAttempts: 50,
  /** The same locally: fewer, so a poisoned record is set aside within seconds. */
  localStreamRetryAttempts: 10,
} as const;
