/**
 * The whole event flow in one place: every event, who emits it, which rule routes it and
 * which function handles it. The CDK stack builds its rules from RULES and the local
 * runtime routes with the very same patterns.
 */
import { EVENT_SOURCE } from '../schemas/events.ts';

export type EventPattern = Record<string, unknown>;

export interface RuleDefinition {
  /** Stable id, also the construct id of the rule. */
  readonly id: string;
  readonly description: string;
  readonly pattern: EventPattern;
  /** The function (key of FUNCTIONS) the rule delivers to. */
  readonly target: string;
}

export interface EventDefinition {
  readonly detailType: string;
  readonly emittedBy: string;
  readonly description: string;
}

export const EVENTS: readonly EventDefinition[] = [
  {
    detailType: 'SubmissionAccepted',
    emittedBy: 'publisher (from the table stream)',
    description: 'A school submission version was stored.',
  },
  {
    detailType: 'RollupUpdated',
    emittedBy: 'publisher (from the APPLIED item the rollup writes in its transaction)',
    description: 'The aggregate of a unit for a period changed: one event per ancestor.',
  },
  {
    detailType: 'TargetMet',
    emittedBy: 'publisher (from the Evaluation item the evaluate function writes)',
    description: 'A unit’s indicator went from missing its target to meeting it (transitions only).',
  },
  {
    detailType: 'TargetMissed',
    emittedBy: 'publisher (from the Evaluation item the evaluate function writes)',
    description: 'A unit’s indicator went from meeting its target (or no value) to missing it (transitions only).',
  },
  {
    detailType: 'CalendarChanged',
    emittedBy: 'publisher (from the Calendar META item an import writes when something changed)',
    description: 'A unit’s work calendar for a school year changed: its schedules must follow.',
  },
  {
    detailType: 'ReminderDue',
    emittedBy: 'publisher (from each Notification item the reminder function writes, once per schedule and recipient)',
    description: 'A reminder for one recipient, for the notification channel.',
  },
  {
    detailType: 'UnitCompleted',
    emittedBy: 'publisher (from the Evaluation item the evaluate function writes)',
    description: 'The last expected school below a unit reported for the period.',
  },
];

export const RULES: readonly RuleDefinition[] = [
  {
    id: 'SubmissionAcceptedToRollup',
    description: 'Roll every accepted submission up the tree',
    pattern: { source: [EVENT_SOURCE], 'detail-type': ['SubmissionAccepted'] },
    target: 'rollup',
  },
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
];

/**
 * Lambda event filters of the stream → publisher mapping (the same pattern language; a record
 * passes if any filter matches): inserted submission versions and applied versions.
 */
export const STREAM_FILTERS: readonly EventPattern[] = [
  { eventName: ['INSERT'], dynamodb: { NewImage: { type: { S: ['SubmissionVersion'] } } } },
  { eventName: ['INSERT', 'MODIFY'], dynamodb: { NewImage: { type: { S: ['AppliedVersion', 'Evaluation', 'Calendar'] } } } },
  { eventName: ['INSERT'], dynamodb: { NewImage: { type: { S: ['Notification'] } } } },
];

/** Delivery settings for rule targets, in the cloud and locally. */
export const DELIVERY = {
  maxEventAgeSeconds: 24 * 60 * 60,
  retryAttempts: 185,
} as const;
