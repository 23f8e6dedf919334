/**
 * The local world clock: `--clock 2023-01-20T07:00` starts time at that Vietnam time and
 * `--speed N` runs it N times faster. It replaces the global Date for this process, so handlers,
 * tokens and the scheduler all live in the same time without knowing it.
 */
import { vietnamLocalToInstant } from '../domain/vietnam-time.ts';

const RealDate = Date;

export interface ClockOptions {
  /** Vietnam local time to start at, e.g. 2023-01-20T07:00. */
  start?: string;
  speed?: number;
}

let installed: { realStart: number; virtualStart: number; speed: number } | undefined;

export const virtualNow = (): number => (installed ? installed.virtualStart + (RealDate.now() - installed.realStart) * installed.speed : RealDate.now());

export const installClock = (options: ClockOptions): void => {
  const virtualStart = options.start ? vietnamLocalToInstant(options.start).getTime() : RealDate.now();
  if (Number.isNaN(virtualStart)) throw new Error(`--clock ${options.start}: expected a Vietnam time such as 2023-01-20T07:00`);
  installed = { realStart: RealDate.now(), virtualStart, speed: options.speed ?? 1 };
  class VirtualDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(virtualNow());
      else super(...(args as [string | number | Date]));
    }
    static override now(): number {
      return virtualNow();
    }
  }
  globalThis.Date = VirtualDate as DateConstructor;
};

/** Move the installed clock to another Vietnam time (tests and demos). */
export const setClock = (start: string): void => {
  if (!installed) throw new Error('No local clock installed');
  installed = { ...installed, realStart: RealDate.now(), virtualStart: vietnamLocalToInstant(start).getTime() };
};

export const uninstallClock = (): void => {
  installed = undefined;
  globalThis.Date = RealDate;
};
