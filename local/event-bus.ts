/**
 * The local EventBridge: PutEvents with its limits and per-entry answers, rule matching with the
 * deployed patterns, at-least-once delivery to targets with retries and backoff, then a
 * dead-letter store. Handlers reach it through the ordinary EventBridge client.
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { DELIVERY, type RuleDefinition } from '../platform/events.ts';
import { matchesPattern } from './event-pattern.ts';

export type Target = (event: BusEvent) => Promise<unknown>;

export interface BusEvent {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: unknown;
}

export interface DeadLetter {
  ruleId: string;
  event: BusEvent;
  attempts: number;
  error: string;
  at: string;
}

export interface EventBusOptions {
  rules: readonly RuleDefinition[];
  targets: Record<string, Target>;
  /** Attempts per target before the dead-letter store (EventBridge: 185). */
  maxAttempts?: number;
  /** Base and cap of the exponential backoff between attempts, in ms. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** File the dead letters are appended to (JSON lines); memory only when absent. */
  deadLetterFile?: string;
  /** Chaos: deliver every event this many times (at-least-once made visible). */
  deliveries?: number;
  /**
   * Journal of accepted events (JSON lines). EventBridge keeps an accepted event durably: with a
   * journal, an event is written there before PutEvents answers, each finished delivery is marked,
   * and `recover()` re-delivers what a crash left undelivered. Memory only when absent.
   */
  journalFile?: string;
  log?: (message: string, data?: Record<string, unknown>) => void;
}

export interface PutEventsEntryInput {
  Source?: string;
  DetailType?: string;
  Detail?: string;
  Resources?: string[];
  Time?: string | number;
  EventBusName?: string;
}

export type PutEventsResultEntry = { EventId: string } | { ErrorCode: string; ErrorMessage: string };

export class ValidationException extends Error {}

const MAX_ENTRY_BYTES = 256 * 1024;

export class LocalEventBus {
  readonly deadLetters: DeadLetter[] = [];
  readonly delivered: { ruleId: string; event: BusEvent; at: number }[] = [];
  /** Every event accepted by PutEvents, matched by a rule or not (inspection and tests). */
  readonly published: BusEvent[] = [];
  private inFlight = new Set<Promise<void>>();
  private failNextEntries = 0;
  private stopped = false;

  constructor(private readonly options: EventBusOptions) {}

  /** Chaos for tests: the next n entries answer InternalFailure, as PutEvents may. */
  failNextPutEntries(n: number): void {
    this.failNextEntries = n;
  }

  putEvents(entries: PutEventsEntryInput[]): { FailedEntryCount: number; Entries: PutEventsResultEntry[] } {
    if (!Array.isArray(entries) || entries.length === 0 || entries.length > 10) {
      throw new ValidationException("1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length between 1 and 10");
    }
    const results = entries.map((entry) => this.putOne(entry));
    return { FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results };
  }

  /** Append journal lines; synchronous, so that a line is in the file before PutEvents answers. */
  private journal(lines: readonly object[]): void {
    if (this.options.journalFile && lines.length > 0) appendFileSync(this.options.journalFile, lines.map((line) => `${JSON.stringify(line)}\n`).join(''));
  }

  /**
   * Start-up: deliver again every journaled delivery that never finished (the process died with
   * events queued), then compact the journal to what is still pending. Returns how many.
   */
  recover(): number {
    const file = this.options.journalFile;
    if (!file || !existsSync(file)) return 0;
    const pending = new Map<string, { event: BusEvent; ruleId: string; copy: number }>();
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      let record: { t: string; event?: BusEvent; key?: string; deliveries?: { ruleId: string; copy: number }[] };
      try {
        record = JSON.parse(line);
      } catch {
        continue; // a line cut by the crash: its PutEvents never answered, the caller retries it
      }
      if (record.t === 'put' && record.event) {
        for (const d of record.deliveries ?? [])
          pending.set(`${record.event.id}|${d.ruleId}|${d.copy}`, { event: record.event, ruleId: d.ruleId, copy: d.copy });
      } else if (record.t === 'done' && record.key) pending.delete(record.key);
    }
    const compacted = [...pending.values()].map(({ event, ruleId, copy }) => ({ t: 'put', event, deliveries: [{ ruleId, copy }] }));
    writeFileSync(`${file}.tmp`, compacted.map((line) => `${JSON.stringify(line)}\n`).join(''));
    renameSync(`${file}.tmp`, file);
    for (const { event, ruleId, copy } of pending.values()) {
      const rule = this.options.rules.find((r) => r.id === ruleId);
      const target = rule && this.options.targets[rule.target];
      if (rule && target) this.track(this.deliver(rule, target, structuredClone(event), copy));
    }
    if (pending.size > 0) this.options.log?.('bus journal replayed', { deliveries: pending.size });
    return pending.size;
  }

  private putOne(entry: PutEventsEntryInput): PutEventsResultEntry {
    if (this.failNextEntries > 0) {
      this.failNextEntries--;
      return { ErrorCode: 'InternalFailure', ErrorMessage: 'Injected failure' };
    }
    if (!entry.Source || !entry.DetailType || entry.Detail === undefined) {
      return { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameters Source, DetailType and Detail are required' };
    }
    if (Buffer.byteLength(JSON.stringify(entry), 'utf8') > MAX_ENTRY_BYTES) {
      return { ErrorCode: 'InvalidArgument', ErrorMessage: 'Entry size exceeds 256KB' };
    }
    let detail: unknown;
    try {
      detail = JSON.parse(entry.Detail);
    } catch {
      return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
    }
    if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
      return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
    }
    const time = entry.Time === undefined ? new Date() : new Date(typeof entry.Time === 'number' ? entry.Time * 1000 : entry.Time);
    const event: BusEvent = {
      version: '0',
      id: randomUUID(),
      'detail-type': entry.DetailType,
      source: entry.Source,
      account: '000000000000',
      time: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region: 'local',
      resources: entry.Resources ?? [],
      detail,
    };
    this.published.push(event);
    this.route(event);
    return { EventId: event.id };
  }

  private route(event: BusEvent): void {
    const matched: { rule: RuleDefinition; target: Target; copy: number }[] = [];
    for (const rule of this.options.rules) {
      if (!matchesPattern(rule.pattern, event)) continue;
      const target = this.options.targets[rule.target];
      if (!target) throw new Error(`Rule ${rule.id} targets unknown function ${rule.target}`);
      for (let copy = 0; copy < (this.options.deliveries ?? 1); copy++) matched.push({ rule, target, copy });
    }
    // Durable before acknowledged: the event and its deliveries are journaled before PutEvents answers.
    if (matched.length > 0) this.journal([{ t: 'put', event, deliveries: matched.map(({ rule, copy }) => ({ ruleId: rule.id, copy })) }]);
    for (const { rule, target, copy } of matched) this.track(this.deliver(rule, target, structuredClone(event), copy));
  }

  private track(promise: Promise<void>): void {
    this.inFlight.add(promise);
    void promise.finally(() => this.inFlight.delete(promise));
  }

  private async deliver(rule: RuleDefinition, target: Target, event: BusEvent, copy = 0): Promise<void> {
    const maxAttempts = this.options.maxAttempts ?? DELIVERY.retryAttempts;
    const base = this.options.backoffMs ?? 100;
    const cap = this.options.maxBackoffMs ?? 5000;
    let lastError = '';
    for (let attempt = 1; attempt <= maxAttempts && !this.stopped; attempt++) {
      // Asynchronous like EventBridge: the PutEvents caller never waits for targets.
      await new Promise((resolve) => setTimeout(resolve, attempt === 1 ? 0 : Math.min(cap, base * 2 ** (attempt - 2))));
      if (this.stopped) return;
      try {
        await target(structuredClone(event));
        this.delivered.push({ ruleId: rule.id, event, at: Date.now() });
        this.journal([{ t: 'done', key: `${event.id}|${rule.id}|${copy}` }]);
        return;
      } catch (error) {
        lastError = error instanceof Error ? error.message : String(error);
        this.options.log?.('target failed', { rule: rule.id, eventId: event.id, attempt, error: lastError });
        if (attempt === maxAttempts) {
          const letter: DeadLetter = { ruleId: rule.id, event, attempts: attempt, error: lastError, at: new Date().toISOString() };
          this.deadLetters.push(letter);
          if (this.options.deadLetterFile) appendFileSync(this.options.deadLetterFile, `${JSON.stringify(letter)}\n`);
          this.journal([{ t: 'done', key: `${event.id}|${rule.id}|${copy}` }]);
        }
      }
    }
  }

  /** Resolves when no delivery is in flight (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  stop(): void {
    this.stopped = true;
  }
}
