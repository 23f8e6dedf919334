/**
 * Every Lambda of tonghop: its handler file and what it may touch. The CDK stack creates one
 * NodejsFunction per entry with exactly these grants; the local runtime loads the same handlers.
 */
export type TableAccess = 'read' | 'readWrite';

/**
 * Table operations granted only to the functions that declare them (least privilege): a Scan,
 * a DeleteItem (or a Delete in a transaction), a BatchWriteItem. The infra test bundles every
 * handler and fails when a function uses one it does not declare, or declares one it never uses.
 */
export type TableOperation = 'scan' | 'delete' | 'batchWrite';

export interface FunctionDefinition {
  /**
   * Manages EventBridge Scheduler schedules (the calendar sync): gets the scheduler grants, the
   * role Scheduler assumes and the ARN of every schedule target (see functionArnEnv).
   */
  readonly scheduler?: boolean;
  /** Is invoked by schedules (the reminders): Scheduler's role may invoke it. */
  readonly scheduleTarget?: boolean;
  /** Sends email through SES v2: MAIL_FROM and `ses:SendEmail` on the sender identity only. */
  readonly ses?: boolean;
  readonly entry: string;
  readonly description: string;
  readonly table: TableAccess;
  /** Extra table operations this function performs (see TableOperation). */
  readonly tableOperations?: readonly TableOperation[];
  readonly putEvents: boolean;
  readonly jwt: boolean;
  readonly timeoutSeconds: number;
}

export const FUNCTIONS = {
  submit: {
    entry: 'functions/submit/handler.ts',
    description: 'POST /api/submissions: validate and store a school submission version',
    table: 'readWrite',
    putEvents: false,
    jwt: true,
    timeoutSeconds: 10,
  },
  query: {
    entry: 'functions/query/handler.ts',
    description: 'Read API: catalog, units, rollups',
    table: 'read',
    putEvents: false,
    jwt: true,
    timeoutSeconds: 10,
  },
  publisher: {
    entry: 'functions/publisher/handler.ts',
    description: 'Table stream → SubmissionAccepted events on the bus',
    table: 'read',
    putEvents: true,
    jwt: false,
    timeoutSeconds: 30,
  },
  rollup: {
    entry: 'functions/rollup/handler.ts',
    description: 'Table stream (stored final versions, in batches) → aggregates of every ancestor, exactly once, deltas merged',
    table: 'readWrite',
    putEvents: false,
    jwt: false,
    timeoutSeconds: 30,
  },
  form: {
    entry: 'functions/form/handler.ts',
    description: 'GET/POST /form: the thin Vietnamese form of a school',
    table: 'readWrite',
    putEvents: false,
    jwt: true,
    timeoutSeconds: 10,
  },
  calendar: {
    entry: 'functions/calendar/handler.ts',
    description: 'PUT/GET /api/units/{unitId}/calendar/{year}: import and read a work calendar',
    table: 'readWrite',
    tableOperations: ['batchWrite'],
    putEvents: false,
    jwt: true,
    timeoutSeconds: 30,
  },
  calendarSync: {
    entry: 'functions/calendar-sync/handler.ts',
    description: 'CalendarChanged → create, update and delete the unit’s EventBridge Scheduler schedules',
    table: 'read',
    putEvents: false,
    jwt: false,
    scheduler: true,
    timeoutSeconds: 60,
  },
  reminder: {
    entry: 'functions/reminder/handler.ts',
    description: 'Fired schedule → notifications for the recipients who need them now',
    table: 'readWrite',
    putEvents: false,
    jwt: true,
    scheduleTarget: true,
    timeoutSeconds: 60,
  },
  evaluate: {
    entry: 'functions/evaluate/handler.ts',
    description: 'RollupUpdated → target transitions and completeness of the unit, recorded once',
    table: 'readWrite',
    putEvents: false,
    jwt: false,
    timeoutSeconds: 30,
  },
  dashboard: {
    entry: 'functions/dashboard/handler.ts',
    description: 'GET /dashboard (leaders, server-rendered), its live stamp, and sending a school its form link again (email)',
    table: 'readWrite',
    putEvents: false,
    jwt: true,
    ses: true,
    timeoutSeconds: 15,
  },
  notify: {
    entry: 'functions/notify/handler.ts',
    description:
      'UnitCompleted, TargetMissed/Met, ReminderDue → inbox entries and emails (SES), once per event and recipient, coalesced per window; daily digest',
    table: 'readWrite',
    tableOperations: ['delete'],
    putEvents: false,
    jwt: true,
    scheduler: true,
    scheduleTarget: true,
    ses: true,
    timeoutSeconds: 30,
  },
  subscriptions: {
    entry: 'functions/subscriptions/handler.ts',
    description: 'Leaders’ email subscriptions to a unit, and the one-click unsubscribe link',
    table: 'readWrite',
    tableOperations: ['delete'],
    putEvents: false,
    jwt: true,
    scheduler: true,
    timeoutSeconds: 10,
  },
  approval: {
    entry: 'functions/approval/handler.ts',
    description: 'Reviews of school reports, unit approvals, their status and audit, unlock requests',
    table: 'readWrite',
    putEvents: false,
    jwt: true,
    timeoutSeconds: 10,
  },
} as const satisfies Record<string, FunctionDefinition>;

export type FunctionName = keyof typeof FUNCTIONS;

/** Every function, with its name. */
export const FUNCTION_LIST = Object.entries(FUNCTIONS) as [FunctionName, FunctionDefinition][];

/** The variable that gives schedule managers the ARN of a schedule target: reminder → REMINDER_FUNCTION_ARN. */
export const functionArnEnv = (name: FunctionName): string => `${name.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}_FUNCTION_ARN`;
