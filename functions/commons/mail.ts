/**
 * Email through Amazon SES v2 (`SendEmail`, simple content: a text part, an HTML part and extra
 * headers such as List-Unsubscribe). The endpoint comes from the standard SDK setting
 * (AWS_ENDPOINT_URL_SESV2), so the same code reaches SES or the local outbox; the sender
 * identity comes from MAIL_FROM (the stack sets it from the `sesSender` context).
 */
import { SESv2Client, SendEmailCommand, type SendEmailCommandOutput } from '@aws-sdk/client-sesv2';
import { getOptionalStringFromEnv } from './config.ts';
import { countNotification } from './observability.ts';

export const sesClient = new SESv2Client({ maxAttempts: 4 });

export interface EmailMessage {
  /** One recipient address. */
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Extra headers (List-Unsubscribe, List-Unsubscribe-Post, …). */
  headers?: Record<string, string>;
  /** Defaults to MAIL_FROM. */
  from?: string;
}

/** The sender of every tonghop email, e.g. `Tổng hợp báo cáo <thong-bao@tonghop.example>`. */
export const mailFrom = (): string => {
  const from = getOptionalStringFromEnv('MAIL_FROM');
  if (!from) throw new Error('Missing environment variable MAIL_FROM');
  return from;
};

/** Send one email; returns the SES message id. Throws what SES throws (the caller retries). */
export const sendEmail = async (message: EmailMessage): Promise<string> => {
  let answer: SendEmailCommandOutput;
  try {
    answer = await sesClient.send(
      new SendEmailCommand({
        FromEmailAddress: message.from ?? mailFrom(),
        Destination: { ToAddresses: [message.to] },
        Content: {
          Simple: {
            Subject: { Data: message.subject, Charset: 'UTF-8' },
            Body: { Text: { Data: message.text, Charset: 'UTF-8' }, Html: { Data: message.html, Charset: 'UTF-8' } },
            Headers: Object.entries(message.headers ?? {}).map(([Name, Value]) => ({ Name, Value })),
          },
        },
      }),
    );
  } catch (error) {
    countNotification('failed');
    throw error;
  }
  countNotification('sent');
  return answer.MessageId ?? '';
};
