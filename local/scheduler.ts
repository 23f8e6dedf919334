/**
 * The local EventBridge Scheduler: serves the Scheduler API calls the calendar sync makes (over
 * its REST protocol, reached through AWS_ENDPOINT_URL_SCHEDULER), keeps groups and schedules in a
 * file that survives restarts, and fires due one-time schedules at the target function with the
 * schedule's input, at least once, retrying, then into a dead-letter list. A schedule missed while
 * the runtime was down fires once at start-up, late, and says so.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TIME_ZONE, vietnamLocalToInstant } from '../domain/vietnam-time.ts';
import { DELIVERY } from '../platform/events.ts';

export interface LocalSchedule {
  Name: string;
  GroupName: string;
  ScheduleExpression: string;
  ScheduleExpressionTimezone?: string;
  ActionAfterCompletion?: string;
  Target: { Arn: string; Input?: string; RetryPolicy?: { MaximumRetryAttempts?: number } };
  attempts?: number;
}

interface State {
  groups: string[];
  schedules: LocalSchedule[];
}

export interface FiredRecord {
  group: string;
  name: string;
  at: string;
  firedAt: string;
  late: boolean;
}

export interface LocalSchedulerOptions {
  stateFile?: string;
  /** Function name → invoke. The target ARN's `function:<name>` picks one. */
  targets: Record<string, (input: unknown) => Promise<unknown>>;
  log?: (message: string, data?: Record<string, unknown>) => void;
  intervalMs?: number;
}

const instantOf = (schedule: LocalSchedule): number => {
  const match = /^at\((.+)\)$/.exec(schedule.ScheduleExpression);
  if (!match?.[1]) return Number.POSITIVE_INFINITY;
  return schedule.ScheduleExpressionTimezone === TIME_ZONE ? vietnamLocalToInstant(match[1]).getTime() : new Date(`${match[1]}Z`).getTime();
};

export class LocalScheduler {
  private state: State = { groups: [], schedules: [] };
  readonly fired: FiredRecord[] = [];
  readonly deadLetters: { schedule: LocalSchedule; error: string }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;

  constructor(private readonly options: LocalSchedulerOptions) {
    if (options.stateFile && existsSync(options.stateFile)) this.state = JSON.parse(readFileSync(options.stateFile, 'utf8')) as State;
  }

  /** Register the function a target ARN names. */
  setTarget(name: string, invoke: (input: unknown) => Promise<unknown>): void {
    this.options.targets[name] = invoke;
  }

  get schedules(): readonly LocalSchedule[] {
    return this.state.schedules;
  }

  private save(): void {
    const file = this.options.stateFile;
    if (!file) return;
    writeFileSync(`${file}.tmp`, JSON.stringify(this.state));
    renameSync(`${file}.tmp`, file);
  }

  /** Start firing; first, once, the schedules that came due while the runtime was down. */
  start(): void {
    const missed = this.state.schedules.filter((s) => instantOf(s) <= Date.now());
    if (missed.length > 0) this.options.log?.('schedules missed while the runtime was down fire now, late', { count: missed.length });
    const tick = async (): Promise<void> => {
      this.ticking = this.fireDue(true)
        .then(() => undefined)
        .catch((error: unknown) => this.options.log?.('scheduler tick failed', { error: String(error) }));
      await this.ticking;
      this.timer = setTimeout(() => void tick(), this.options.intervalMs ?? 200);
    };
    void tick();
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    await this.ticking;
  }

  /** Fire every schedule due by now (one pass). */
  async fireDue(markLate = false): Promise<number> {
    const due = this.state.schedules.filter((s) => instantOf(s) <= Date.now()).sort((a, b) => instantOf(a) - instantOf(b));
    for (const schedule of due) await this.fire(schedule, markLate && Date.now() - instantOf(schedule) > 60_000);
    return due.length;
  }

  /** Invoke a schedule's target now (also used to prove that firing twice sends nothing twice). */
  async fire(schedule: LocalSchedule, late = false): Promise<void> {
    const name = /function:([^:]+)$/.exec(schedule.Target.Arn)?.[1] ?? '';
    const target = this.options.targets[name];
    try {
      if (!target) throw new Error(`No local function for ${schedule.Target.Arn}`);
      await target(JSON.parse(schedule.Target.Input ?? '{}'));
      const at = schedule.ScheduleExpression.slice(3, -1);
      this.fired.push({ group: schedule.GroupName, name: schedule.Name, at, firedAt: new Date().toISOString(), late });
      if (late) this.options.log?.('schedule fired late', { schedule: `${schedule.GroupName}/${schedule.Name}`, due: at });
      if (schedule.ActionAfterCompletion === 'DELETE') this.remove(schedule.GroupName, schedule.Name);
    } catch (error) {
      schedule.attempts = (schedule.attempts ?? 0) + 1;
      if (schedule.attempts > (schedule.Target.RetryPolicy?.MaximumRetryAttempts ?? DELIVERY.retryAttempts)) {
        this.deadLetters.push({ schedule, error: String(error) });
        this.remove(schedule.GroupName, schedule.Name);
      }
    }
    this.save();
  }

  private remove(group: string, name: string): boolean {
    const before = this.state.schedules.length;
    this.state.schedules = this.state.schedules.filter((s) => !(s.GroupName === group && s.Name === name));
    return this.state.schedules.length < before;
  }

  /** The Scheduler REST API, for the paths /schedules and /schedule-groups. */
  async handle(request: IncomingMessage, response: ServerResponse, body: string): Promise<boolean> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const raw = url.pathname.split('/').filter(Boolean);
    if (raw[0] !== 'schedules' && raw[0] !== 'schedule-groups') return false;
    // A malformed escape stays as sent (no URIError for any path of the local gateway).
    const parts = raw.map((part) => {
      try {
        return decodeURIComponent(part);
      } catch {
        return part;
      }
    });
    const method = request.method ?? 'GET';
    const send = (status: number, payload: unknown, errorType?: string): boolean => {
      response.writeHead(status, { 'content-type': 'application/json', ...(errorType ? { 'x-amzn-errortype': errorType } : {}) });
      response.end(JSON.stringify(payload));
      return true;
    };
    const notFound = (what: string) => send(404, { message: `${what} does not exist.` }, 'ResourceNotFoundException');
    const input = body ? (JSON.parse(body) as Record<string, unknown>) : {};
    if (parts[0] === 'schedule-groups') {
      const name = parts[1] ?? '';
      if (method === 'POST') {
        if (this.state.groups.includes(name)) return send(409, { message: `Schedule group ${name} already exists.` }, 'ConflictException');
        this.state.groups.push(name);
        this.save();
        return send(200, { ScheduleGroupArn: `arn:aws:scheduler:local:000000000000:schedule-group/${name}` });
      }
      if (method === 'DELETE' && name) {
        if (!this.state.groups.includes(name)) return notFound(`Schedule group ${name}`);
        // Deleting a group deletes its schedules, as in Scheduler.
        this.state.groups = this.state.groups.filter((g) => g !== name);
        this.state.schedules = this.state.schedules.filter((s) => s.GroupName !== name);
        this.save();
        return send(200, {});
      }
      if (method === 'GET' && name)
        return this.state.groups.includes(name)
          ? send(200, { Name: name, State: 'ACTIVE', Arn: `arn:aws:scheduler:local:000000000000:schedule-group/${name}` })
          : notFound(`Schedule group ${name}`);
      const groupPrefix = url.searchParams.get('NamePrefix') ?? '';
      return send(200, { ScheduleGroups: this.state.groups.filter((g) => g.startsWith(groupPrefix)).map((Name) => ({ Name, State: 'ACTIVE' })) });
    }
    const name = parts[1];
    const group = url.searchParams.get('groupName') ?? url.searchParams.get('ScheduleGroup') ?? (input.GroupName as string | undefined) ?? 'default';
    if (!name && method === 'GET') {
      const prefix = url.searchParams.get('NamePrefix') ?? '';
      const list = this.state.schedules.filter((s) => s.GroupName === group && s.Name.startsWith(prefix));
      return send(200, {
        Schedules: list.map((s) => ({
          Name: s.Name,
          GroupName: s.GroupName,
          State: 'ENABLED',
          Arn: `arn:aws:scheduler:local:000000000000:schedule/${s.GroupName}/${s.Name}`,
          Target: { Arn: s.Target.Arn },
        })),
      });
    }
    const existing = this.state.schedules.find((s) => s.GroupName === group && s.Name === name);
    if (method === 'GET')
      return existing
        ? send(200, { ...existing, Arn: `arn:aws:scheduler:local:000000000000:schedule/${group}/${name}`, State: 'ENABLED' })
        : notFound(`Schedule ${name}`);
    if (method === 'DELETE') {
      if (!existing) return notFound(`Schedule ${name}`);
      this.remove(group, name ?? '');
      this.save();
      return send(200, {});
    }
    if (method === 'POST' || method === 'PUT') {
      if (method === 'POST' && existing) return send(409, { message: `Schedule ${name} already exists.` }, 'ConflictException');
      if (method === 'PUT' && !existing) return notFound(`Schedule ${name}`);
      if (!this.state.groups.includes(group) && group !== 'default') return notFound(`Schedule group ${group}`);
      if (!/^at\(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\)$/.test(String(input.ScheduleExpression))) {
        return send(400, { message: 'Only at() expressions are served locally' }, 'ValidationException');
      }
      if (existing) this.remove(group, name ?? '');
      this.state.schedules.push({ ...(input as unknown as LocalSchedule), Name: name ?? '', GroupName: group });
      this.save();
      return send(200, { ScheduleArn: `arn:aws:scheduler:local:000000000000:schedule/${group}/${name}` });
    }
    return send(400, { message: `${method} not served` }, 'ValidationException');
  }
}
