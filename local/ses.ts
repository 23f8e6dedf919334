/**
 * The local Amazon SES v2: answers `SendEmail` (POST /v2/email/outbound-emails, reached through
 * AWS_ENDPOINT_URL_SESV2) by writing each message as a complete RFC 5322 file into the outbox
 * directory (`<data-dir>/outbox/`, one `.eml` each: UTF-8, encoded headers, a text part and an
 * HTML part), readable by any mail client. Dev-only: it builds the MIME with nodemailer.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer';

interface Content {
  Data?: string;
  Charset?: string;
}

interface SendEmailBody {
  FromEmailAddress?: string;
  Destination?: { ToAddresses?: string[]; CcAddresses?: string[]; BccAddresses?: string[] };
  ReplyToAddresses?: string[];
  Content?: {
    Simple?: { Subject?: Content; Body?: { Text?: Content; Html?: Content }; Headers?: { Name: string; Value: string }[] };
    Raw?: { Data?: string };
  };
}

export interface OutboxEntry {
  file: string;
  messageId: string;
  to: string[];
  subject: string;
  sentAt: string;
  size: number;
}

export interface LocalSesOptions {
  outboxDir: string;
}

export class LocalSes {
  /** When set, every SendEmail fails with this SES error (to prove retries and the DLQ). */
  failWith: 'MessageRejected' | 'TooManyRequestsException' | undefined;
  /** SendEmail calls received, failed ones included. */
  calls = 0;
  private readonly entries: OutboxEntry[] = [];

  constructor(private readonly options: LocalSesOptions) {
    mkdirSync(options.outboxDir, { recursive: true });
  }

  get outboxDir(): string {
    return this.options.outboxDir;
  }

  /** Every message in the outbox, oldest first (files written before a restart included). */
  list(): OutboxEntry[] {
    const known = new Set(this.entries.map((e) => e.file));
    const older = readdirSync(this.options.outboxDir)
      .filter((file) => file.endsWith('.eml') && !known.has(file))
      .map((file) => {
        const text = readFileSync(join(this.options.outboxDir, file), 'utf8');
        const header = (name: string): string => new RegExp(`^${name}: (.*)$`, 'mi').exec(text)?.[1] ?? '';
        return {
          file,
          messageId: header('Message-ID').replace(/[<>]/g, ''),
          to: [header('To')],
          subject: header('Subject'),
          sentAt: statSync(join(this.options.outboxDir, file)).mtime.toISOString(),
          size: text.length,
        };
      });
    return [...older, ...this.entries].sort((a, b) => a.file.localeCompare(b.file));
  }

  private async compose(body: SendEmailBody, messageId: string): Promise<Buffer> {
    if (body.Content?.Raw?.Data) return Buffer.from(body.Content.Raw.Data, 'base64');
    const simple = body.Content?.Simple;
    const composer = new MailComposer({
      from: body.FromEmailAddress,
      to: body.Destination?.ToAddresses,
      cc: body.Destination?.CcAddresses,
      replyTo: body.ReplyToAddresses,
      subject: simple?.Subject?.Data ?? '',
      text: simple?.Body?.Text?.Data,
      html: simple?.Body?.Html?.Data,
      messageId: `<${messageId}@email.local>`,
      date: new Date(),
      headers: Object.fromEntries((simple?.Headers ?? []).map((h) => [h.Name, h.Value])),
      textEncoding: 'quoted-printable',
    });
    return composer.compile().build();
  }

  /** The SES v2 REST API for SendEmail; answers false for any other path. */
  async handle(request: IncomingMessage, response: ServerResponse, body: string): Promise<boolean> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== '/v2/email/outbound-emails') return false;
    const send = (status: number, payload: unknown, errorType?: string): boolean => {
      response.writeHead(status, { 'content-type': 'application/json', ...(errorType ? { 'x-amzn-errortype': errorType } : {}) });
      response.end(JSON.stringify(payload));
      return true;
    };
    if (request.method !== 'POST') return send(405, { message: 'Only SendEmail is served locally' }, 'BadRequestException');
    this.calls++;
    if (this.failWith) return send(this.failWith === 'MessageRejected' ? 400 : 429, { message: 'Local SES set to fail' }, this.failWith);
    let input: SendEmailBody;
    try {
      input = JSON.parse(body) as SendEmailBody;
    } catch {
      return send(400, { message: 'Body is not JSON' }, 'BadRequestException');
    }
    const to = input.Destination?.ToAddresses ?? [];
    if (!input.FromEmailAddress || to.length === 0 || !(input.Content?.Simple || input.Content?.Raw)) {
      return send(400, { message: 'FromEmailAddress, Destination and Content are required' }, 'BadRequestException');
    }
    const messageId = randomUUID();
    const eml = await this.compose(input, messageId);
    const sentAt = new Date();
    const file = `${sentAt.toISOString().replace(/[:.]/g, '-')}-${messageId.slice(0, 8)}.eml`;
    writeFileSync(join(this.options.outboxDir, file), eml);
    this.entries.push({ file, messageId, to, subject: input.Content?.Simple?.Subject?.Data ?? '', sentAt: sentAt.toISOString(), size: eml.length });
    return send(200, { MessageId: messageId });
  }
}
