/**
 * Exactly once per (event, recipient), at most one email per recipient per window.
 *
 * - enqueue: one transaction writes the Delivery record of (event, recipient), on condition that
 *   it does not exist, and a pending entry in the recipient's mailbox. A redelivered event fails
 *   the condition and adds nothing. Then the recipient's window is opened if none is (its end is
 *   a one-time EventBridge Scheduler schedule), or the open one is kept.
 * - flush (the schedule fires): close the window, read the pending entries, write a claim (the
 *   list of what this email carries) on condition that none exists, send, then in one transaction
 *   mark the claim sent and delete the entries it carried. A retried or duplicated flush finds the
 *   claim: `sent` means done; `sending` means a send may be under way, so it waits (throws, and
 *   the Scheduler retries) until the claim is older than the lease, then sends the claimed list.
 *   When SES refuses the email (an error answer), nothing was sent: the claim is released and the
 *   retry claims and sends afresh.
 *
 * The one gap left is a crash after SES accepted the email and before the claim is marked: the
 * retry sends that email again. We chose at-least-once at that point (SES has no idempotency key),
 * because losing a notification is worse than, rarely, receiving it twice.
 */
import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { toVietnamIso } from '../../domain/vietnam-time.ts';
import type { Notice } from '../../schemas/notify.ts';
import { documentClient } from '../commons/clients.ts';
import { keys } from '../commons/keys.ts';
import { sendEmail } from '../commons/mail.ts';
import { scheduleOnce } from '../commons/notify-schedules.ts';
import { signUnsubscribe, unsubscribeUrl } from '../commons/unsubscribe.ts';
import { composeEmail } from './compose.ts';

export interface Recipient {
  email: string;
  /** `unitId/subscriptionId` of the subscriptions that want this notice. */
  subs: string[];
  /** Units whose contact address this is. */
  contacts: string[];
}

export interface MailboxContext {
  tableName: string;
  publicUrl: string;
  windowSeconds: number;
  signingKey: () => Promise<Uint8Array>;
  now: () => Date;
}

interface Pending {
  notice: Notice;
  subs: string[];
  contacts: string[];
  pk: string;
  sk: string;
}

/** At most this many notices in one email; the rest go in the next window. */
const MAX_PER_EMAIL = 50;
/** A claim younger than this may still be sending: wait for it. */
const LEASE_MS = 45_000;

export const recipientKey = (email: string): string => createHash('sha256').update(email.toLowerCase()).digest('hex').slice(0, 24);

const compact = (iso: string): string => iso.slice(0, 23).replace(/[-:.]/g, '');

/** Open the recipient's window unless one is open, and make sure its end is scheduled. */
export const ensureWindow = async (ctx: MailboxContext, recipient: string, email: string): Promise<void> => {
  const now = ctx.now();
  const answer = await documentClient.send(
    new UpdateCommand({
      TableName: ctx.tableName,
      Key: keys.mailboxWindow(recipient),
      UpdateExpression: 'SET windowId = if_not_exists(windowId, :w), flushAt = if_not_exists(flushAt, :f), email = :e, #type = :t',
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: {
        ':w': compact(toVietnamIso(now)),
        ':f': new Date(now.getTime() + ctx.windowSeconds * 1000).toISOString(),
        ':e': email,
        ':t': 'MailboxWindow',
      },
      ReturnValues: 'ALL_NEW',
    }),
  );
  const windowId = String(answer.Attributes?.windowId);
  const flushAt = new Date(Math.max(new Date(String(answer.Attributes?.flushAt)).getTime(), now.getTime() + 1000));
  await scheduleOnce(`flush-${recipient}-${windowId}`, flushAt, { type: 'flush', recipient, windowId });
};

/** Record the notice for the recipient once; true when it was new. */
export const enqueue = async (ctx: MailboxContext, notice: Notice, to: Recipient): Promise<boolean> => {
  const recipient = recipientKey(to.email);
  let created = true;
  try {
    await documentClient.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: ctx.tableName,
              Item: {
                ...keys.delivery(recipient, notice.eventKey),
                type: 'Delivery',
                email: to.email,
                eventKey: notice.eventKey,
                kind: notice.kind,
                createdAt: notice.createdAt,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Put: {
              TableName: ctx.tableName,
              Item: {
                ...keys.mailboxPending(recipient, notice.createdAt, notice.eventKey),
                type: 'PendingNotice',
                notice,
                subs: to.subs,
                contacts: to.contacts,
              },
            },
          },
        ],
      }),
    );
  } catch (error) {
    const duplicate = error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed';
    if (!duplicate) throw error;
    created = false;
  }
  // Also after a duplicate: a crash after the write may have left the window unscheduled.
  await ensureWindow(ctx, recipient, to.email);
  return created;
};

interface Claim {
  status: 'sending' | 'sent';
  email: string;
  claimedAt: string;
  items: Pending[];
  messageId?: string;
}

const getClaim = async (ctx: MailboxContext, recipient: string, claimId: string): Promise<Claim | undefined> => {
  const answer = await documentClient.send(new GetCommand({ TableName: ctx.tableName, Key: keys.mailboxSent(recipient, claimId), ConsistentRead: true }));
  return answer.Item as Claim | undefined;
};

/**
 * Send one email for a claim exactly once (see the header). `items` is read only when no claim
 * exists yet; `done` says what to delete with the mark. Returns the message id, or undefined when
 * there was nothing to send.
 */
export const sendOnce = async (
  ctx: MailboxContext,
  recipient: string,
  claimId: string,
  email: string,
  items: () => Promise<Pending[]>,
  heading?: string,
): Promise<string | undefined> => {
  let claim = await getClaim(ctx, recipient, claimId);
  if (!claim) {
    const list = await items();
    if (list.length === 0) return undefined;
    const fresh: Claim = { status: 'sending', email, claimedAt: ctx.now().toISOString(), items: list };
    try {
      await documentClient.send(
        new PutCommand({
          TableName: ctx.tableName,
          Item: { ...keys.mailboxSent(recipient, claimId), type: 'MailClaim', ...fresh },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      claim = fresh;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      claim = await getClaim(ctx, recipient, claimId);
      if (!claim) throw new Error('Claim vanished');
      if (claim.status === 'sending') throw new Error(`Email ${claimId} is being sent by another invocation`);
    }
  } else if (claim.status === 'sending' && ctx.now().getTime() - new Date(claim.claimedAt).getTime() < LEASE_MS) {
    // A young claim: another invocation may be sending it right now. Retry later.
    throw new Error(`Email ${claimId} is being sent by another invocation`);
  }
  const pending = claim.items.filter((p) => p.pk && p.sk);
  if (claim.status !== 'sent') {
    const token = await signUnsubscribe(
      { email, subs: [...new Set(claim.items.flatMap((p) => p.subs))], contacts: [...new Set(claim.items.flatMap((p) => p.contacts))] },
      await ctx.signingKey(),
    );
    const link = unsubscribeUrl(ctx.publicUrl, token);
    const composed = composeEmail(
      claim.items.map((p) => p.notice),
      link,
      heading,
    );
    try {
      claim.messageId = await sendEmail({
        to: email,
        ...composed,
        headers: { 'List-Unsubscribe': `<${link}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      });
    } catch (error) {
      // SES refused it: nothing was sent, so release the claim and let the retry send it afresh.
      await documentClient
        .send(
          new DeleteCommand({
            TableName: ctx.tableName,
            Key: keys.mailboxSent(recipient, claimId),
            ConditionExpression: '#status = :sending AND claimedAt = :at',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':sending': 'sending', ':at': claim.claimedAt },
          }),
        )
        .catch(() => undefined);
      throw error;
    }
  }
  await documentClient.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Update: {
            TableName: ctx.tableName,
            Key: keys.mailboxSent(recipient, claimId),
            UpdateExpression: 'SET #status = :sent, messageId = if_not_exists(messageId, :m), sentAt = if_not_exists(sentAt, :at)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':sent': 'sent', ':m': claim.messageId ?? '', ':at': toVietnamIso(ctx.now()) },
          },
        },
        ...pending.map((p) => ({ Delete: { TableName: ctx.tableName, Key: { pk: p.pk, sk: p.sk } } })),
      ],
    }),
  );
  return claim.messageId;
};

/** The end of a recipient's window: one email with everything pending. */
export const flush = async (ctx: MailboxContext, recipient: string, windowId: string): Promise<string | undefined> => {
  // Close the window first: a notice that comes after this opens the next window.
  let email: string | undefined;
  try {
    const closed = await documentClient.send(
      new UpdateCommand({
        TableName: ctx.tableName,
        Key: keys.mailboxWindow(recipient),
        UpdateExpression: 'REMOVE windowId, flushAt',
        ConditionExpression: 'windowId = :w',
        ExpressionAttributeValues: { ':w': windowId },
        ReturnValues: 'ALL_OLD',
      }),
    );
    email = closed.Attributes?.email as string | undefined;
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
  if (!email) {
    const window = await documentClient.send(new GetCommand({ TableName: ctx.tableName, Key: keys.mailboxWindow(recipient), ConsistentRead: true }));
    email = window.Item?.email as string | undefined;
  }
  if (!email) return undefined;
  let more = false;
  const messageId = await sendOnce(ctx, recipient, windowId, email, async () => {
    const answer = await documentClient.send(
      new QueryCommand({
        TableName: ctx.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
        ExpressionAttributeValues: { ':pk': keys.mailboxWindow(recipient).pk, ':p': 'P#' },
        ConsistentRead: true,
        Limit: MAX_PER_EMAIL,
      }),
    );
    more = answer.LastEvaluatedKey !== undefined;
    return (answer.Items ?? []).map((item) => ({
      notice: item.notice as Notice,
      subs: item.subs as string[],
      contacts: item.contacts as string[],
      pk: String(item.pk),
      sk: String(item.sk),
    }));
  });
  if (more) await ensureWindow(ctx, recipient, email);
  return messageId;
};
