/**
 * The local SES v2: the handlers' SESv2 client, pointed at the runtime by AWS_ENDPOINT_URL_SESV2,
 * sends through the very SDK call the cloud uses; each message lands in the outbox as a complete
 * RFC 5322 file that a mail client (mailparser here) reads back: UTF-8 subject, text and HTML
 * parts, extra headers. GET /local/outbox lists the messages.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.ts';

describe('Local SES v2 outbox', () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await startTestRuntime();
  });
  afterAll(async () => {
    await rt?.stop();
  });

  it('given a SendEmail call, when it is sent, then the outbox holds one readable .eml with both parts and the headers', async () => {
    const { sendEmail } = await import('../../functions/commons/mail.ts');
    const messageId = await sendEmail({
      to: 'lanh-dao@phuong.example',
      subject: 'Phường Kim Tân đã nộp đủ báo cáo',
      text: 'Tổng số học sinh: 35.585; tỷ lệ 98,5 %',
      html: '<p>Tổng số học sinh: <b>35.585</b></p>',
      headers: { 'List-Unsubscribe': '<https://x.example/unsubscribe?t=abc>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    });
    expect(messageId).not.toBe('');
    const listed = await rt.api('/local/outbox');
    expect(listed.status).toBe(200);
    expect(listed.body.messages).toHaveLength(1);
    const [entry] = listed.body.messages as { file: string; messageId: string }[];
    expect(entry?.messageId).toBe(messageId);
    const raw = readFileSync(join(listed.body.dir, entry?.file ?? ''));
    // Headers are 7-bit: non-ASCII text only as encoded words.
    const head = raw.toString('latin1').split('\r\n\r\n')[0] ?? '';
    expect(/^[\x20-\x7e\r\n\t]*$/.test(head)).toBe(true);
    expect(head).toMatch(/^Subject: =\?UTF-8\?/m);
    const mail = await simpleParser(raw);
    expect(mail.subject).toBe('Phường Kim Tân đã nộp đủ báo cáo');
    expect(mail.from?.text).toContain('thong-bao@tonghop.example');
    expect(mail.text?.trim()).toBe('Tổng số học sinh: 35.585; tỷ lệ 98,5 %');
    expect(mail.html).toContain('<b>35.585</b>');
    const header = (name: string) => mail.headerLines.find((h) => h.key === name)?.line;
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(header('list-unsubscribe')).toBe('List-Unsubscribe: <https://x.example/unsubscribe?t=abc>');
    expect(String(raw)).toMatch(/Content-Type: multipart\/alternative/);
  });

  it('given the local SES set to fail, when a message is sent, then the SDK gets the SES error and nothing is written', async () => {
    const { sendEmail } = await import('../../functions/commons/mail.ts');
    rt.ses.failWith = 'MessageRejected';
    try {
      await expect(sendEmail({ to: 'a@b.example', subject: 's', text: 't', html: '<p>t</p>' })).rejects.toMatchObject({ name: 'MessageRejected' });
    } finally {
      rt.ses.failWith = undefined;
    }
    expect(rt.ses.list()).toHaveLength(1);
  });
});
