/** Read the local outbox as a mail client would: every .eml parsed by mailparser. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ParsedMail, simpleParser } from 'mailparser';
import type { Runtime } from '../../local/runtime.ts';

export interface ReadMail {
  file: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The https link of List-Unsubscribe. */
  unsubscribe: string;
  unsubscribePost: string;
  raw: Buffer;
  parsed: ParsedMail;
}

export const readOutbox = async (rt: Pick<Runtime, 'ses'>): Promise<ReadMail[]> =>
  Promise.all(
    rt.ses.list().map(async (entry) => {
      const raw = readFileSync(join(rt.ses.outboxDir, entry.file));
      const parsed = await simpleParser(raw);
      const header = (name: string) => parsed.headerLines.find((h) => h.key === name)?.line.replace(/^[^:]+:\s*/, '') ?? '';
      return {
        file: entry.file,
        to: parsed.to && !Array.isArray(parsed.to) ? parsed.to.text : '',
        subject: parsed.subject ?? '',
        text: parsed.text ?? '',
        html: typeof parsed.html === 'string' ? parsed.html : '',
        unsubscribe: header('list-unsubscribe').replace(/^<|>$/g, ''),
        unsubscribePost: header('list-unsubscribe-post'),
        raw,
        parsed,
      };
    }),
  );

/** No coalescing window is waiting to be flushed (call after rt.settle()). */
export const noPendingFlush = (rt: Pick<Runtime, 'scheduler'>): boolean =>
  !rt.scheduler.schedules.some((s) => s.GroupName.endsWith('-notify') && s.Name.startsWith('flush-'));
