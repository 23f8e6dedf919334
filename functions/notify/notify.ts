/**
 * One event in: the unit's inbox entry (rollup events), the day's target changes (for the
 * digest), then one pending delivery per recipient. Recipients are the unit's subscriptions for
 * that kind, its ancestors' subscriptions with scope `subtree`, and for reminders the unit's own
 * contact address (unless it opted out). One address gets one delivery, whatever the number of
 * subscriptions that led to it.
 */
import type { Subscription } from '../../schemas/notify.ts';
import { hasOptedOut, subscribersFor } from '../commons/subscriptions.ts';
import { enqueue, type MailboxContext, type Recipient } from './mailbox.ts';
import { type NoticeContext, noticeOf, putInboxEntry, recordDayChange } from './notices.ts';

export type NotifyContext = NoticeContext & MailboxContext;

export const recipientsOf = (subscriptions: readonly Subscription[], contact?: { email: string; unitId: string }): Recipient[] => {
  const byEmail = new Map<string, Recipient>();
  const add = (email: string): Recipient => {
    const key = email.toLowerCase();
    const recipient = byEmail.get(key) ?? { email: key, subs: [], contacts: [] };
    byEmail.set(key, recipient);
    return recipient;
  };
  for (const s of subscriptions) add(s.email).subs.push(`${s.unitId}/${s.id}`);
  if (contact) add(contact.email).contacts.push(contact.unitId);
  return [...byEmail.values()];
};

export const notify = async (ctx: NotifyContext, detailType: string, detail: unknown): Promise<{ recipients: number; queued: number }> => {
  const incoming = await noticeOf(ctx, detailType, detail);
  if (!incoming) return { recipients: 0, queued: 0 };
  const { notice, unit } = incoming;
  if (incoming.inbox) await putInboxEntry(ctx.tableName, notice);
  if (notice.kind === 'target-missed' || notice.kind === 'target-met') await recordDayChange(ctx.tableName, notice, unit);
  const subscriptions = await subscribersFor(ctx.tableName, unit.id, unit.ancestors, notice.kind);
  const contactEmail = incoming.toContact && unit.email && !(await hasOptedOut(ctx.tableName, unit.email.toLowerCase(), unit.id)) ? unit.email : undefined;
  const recipients = recipientsOf(subscriptions, contactEmail ? { email: contactEmail, unitId: unit.id } : undefined);
  let queued = 0;
  for (const recipient of recipients) if (await enqueue(ctx, notice, recipient)) queued++;
  return { recipients: recipients.length, queued };
};
