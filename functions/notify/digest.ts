/**
 * The daily digest at 17:00 Vietnam time, for every subscription that chose `daily-digest`: for
 * the subscription's unit and its current period, the schools that submitted today, those still
 * missing, the late count, and the target changes of the day (of the unit, or of its whole
 * subtree for scope `subtree`). Each (subscription, day) is sent once.
 */
import { dueDateFor } from '../../domain/periods.ts';
import { vietnamDate } from '../../domain/vietnam-time.ts';
import type { Catalog, Period } from '../../schemas/catalog.ts';
import type { Notice, Subscription } from '../../schemas/notify.ts';
import { formatDate, formatNumber } from '../commons/html.ts';
import { keys } from '../commons/keys.ts';
import { nextDigest, scheduleDigest } from '../commons/notify-schedules.ts';
import { getAggregate, getLatestVersion, getUnit, listMembers, queryAll } from '../commons/store.ts';
import { digestSubscriptions } from '../commons/subscriptions.ts';
import { type MailboxContext, recipientKey, sendOnce } from './mailbox.ts';
import { dashboardLink } from './notices.ts';

export interface DigestContext extends MailboxContext {
  catalog: Catalog;
}

/** The latest period of the unit that has opened by `date`. */
const currentPeriod = (catalog: Catalog, periods: Record<string, unknown>, date: string): Period | undefined =>
  catalog.periods.filter((p) => p.opensOn <= date && periods[p.id] !== undefined).sort((a, b) => b.opensOn.localeCompare(a.opensOn))[0];

const names = (list: readonly { name: string }[], max = 20): string =>
  list.length <= max
    ? list.map((s) => s.name).join(', ')
    : `${list
        .slice(0, max)
        .map((s) => s.name)
        .join(', ')} và ${formatNumber(list.length - max)} trường khác`;

export const digestNotice = async (ctx: DigestContext, subscription: Subscription, date: string): Promise<Notice | undefined> => {
  const unit = await getUnit(ctx.tableName, subscription.unitId);
  if (!unit) return undefined;
  const period = currentPeriod(ctx.catalog, unit.periods, date);
  const lines: string[] = [];
  if (period) {
    const [members, aggregate] = await Promise.all([listMembers(ctx.tableName, unit.id, period.id), getAggregate(ctx.tableName, unit.id, period.id, true)]);
    const submitted = new Set(aggregate.submittedSchools);
    const latest = await Promise.all(
      members.filter((m) => submitted.has(m.id)).map(async (m) => ({ ...m, version: await getLatestVersion(ctx.tableName, m.id, period.id) })),
    );
    const today = latest.filter((m) => m.version && vietnamDate(new Date(m.version.submittedAt)) === date);
    const missing = members.filter((m) => !submitted.has(m.id));
    const due = dueDateFor(period, [...unit.ancestors, unit.id]);
    lines.push(`Kỳ báo cáo ${period.label}, hạn ${formatDate(due)}: ${formatNumber(submitted.size)}/${formatNumber(members.length)} trường đã nộp.`);
    lines.push(today.length ? `Nộp hôm nay (${formatNumber(today.length)}): ${names(today)}.` : 'Hôm nay không có trường nào nộp.');
    lines.push(missing.length ? `Còn thiếu (${formatNumber(missing.length)}): ${names(missing)}.` : 'Không còn trường nào thiếu.');
    const lateMissing = date > due ? missing.length : 0;
    lines.push(`Muộn hạn: ${formatNumber(aggregate.late)} trường nộp muộn, ${formatNumber(lateMissing)} trường quá hạn chưa nộp.`);
  }
  const changes = (
    await queryAll({ TableName: ctx.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.dayChange(date, '', '').pk } })
  ).filter((c) => c.unitId === unit.id || (subscription.scope === 'subtree' && (c.ancestors as string[]).includes(unit.id)));
  lines.push(changes.length ? `Thay đổi chỉ tiêu hôm nay (${formatNumber(changes.length)}):` : 'Không có thay đổi chỉ tiêu hôm nay.');
  for (const change of changes) lines.push(`• ${String(change.text)}`);
  return {
    eventKey: `digest:${date}:${subscription.unitId}:${subscription.id}`,
    kind: 'daily-digest',
    unitId: unit.id,
    title: `Tổng hợp ngày ${formatDate(date)}: ${unit.name}`,
    lines,
    link: period ? dashboardLink(ctx.publicUrl, unit.id, period.id) : undefined,
    createdAt: ctx.now().toISOString(),
  };
};

/** The digest of `date` for everyone who chose it; tomorrow's is scheduled first. Throws if any failed (retried; sent ones are skipped). */
export const runDigest = async (ctx: DigestContext, date: string): Promise<{ sent: number; failed: number }> => {
  await scheduleDigest(nextDigest(ctx.now()));
  let sent = 0;
  let failed = 0;
  for (const subscription of await digestSubscriptions(ctx.tableName)) {
    try {
      const notice = await digestNotice(ctx, subscription, date);
      if (!notice) continue;
      const claim = `digest-${date}-${subscription.id}`;
      const id = await sendOnce(ctx, recipientKey(subscription.email), claim, subscription.email, async () => [
        { notice, subs: [`${subscription.unitId}/${subscription.id}`], contacts: [], pk: '', sk: '' },
      ]);
      if (id) sent++;
    } catch {
      failed++;
    }
  }
  if (failed > 0) throw new Error(`Daily digest ${date}: ${failed} of the emails failed`);
  return { sent, failed };
};
