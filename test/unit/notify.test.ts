/** The pure parts of notifications: the email text, recipients, the digest time, formats, the subscription body. */
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../catalog/index.ts';
import { nextDigest } from '../../functions/commons/notify-schedules.ts';
import { composeEmail } from '../../functions/notify/compose.ts';
import { formatIndicator } from '../../functions/notify/notices.ts';
import { recipientsOf } from '../../functions/notify/notify.ts';
import { type Notice, type Subscription, SubscriptionBodySchema } from '../../schemas/notify.ts';

const notice = (title: string, extra: Partial<Notice> = {}): Notice => ({
  eventKey: `k-${title}`,
  kind: 'unit-completed',
  unitId: 'lc-tp-p-kim-tan',
  title,
  lines: ['2/2 trường đã nộp.'],
  link: 'https://x.example/dashboard?unit=lc-tp-p-kim-tan&period=p',
  createdAt: '2023-01-10T16:00:00.000+07:00',
  ...extra,
});

describe('Function: composeEmail', () => {
  it('given one notice, then the subject is its title and the text carries its lines, link and the unsubscribe link', () => {
    const email = composeEmail([notice('Phường Kim Tân đã nộp đủ báo cáo')], 'https://x.example/unsubscribe?t=abc');
    expect(email.subject).toBe('Phường Kim Tân đã nộp đủ báo cáo');
    expect(email.text).toContain('2/2 trường đã nộp.\nhttps://x.example/dashboard?unit=lc-tp-p-kim-tan&period=p');
    expect(email.text).toContain('Hủy nhận thông báo: https://x.example/unsubscribe?t=abc');
    expect(email.html).toContain('href="https://x.example/unsubscribe?t=abc"');
  });

  it('given several notices, then the subject counts them and the body lists every one; HTML is escaped', () => {
    const email = composeEmail([notice('A'), notice('<b>B</b>'), notice('C')], 'u');
    expect(email.subject).toBe('3 thông báo mới: A và 2 thông báo khác');
    for (const title of ['A', '<b>B</b>', 'C']) expect(email.text).toContain(title);
    expect(email.html).toContain('&lt;b&gt;B&lt;/b&gt;');
    expect(email.html).not.toContain('<b>B</b>');
  });
});

describe('Function: recipientsOf', () => {
  const sub = (id: string, email: string, unitId = 'lc-tp-lao-cai'): Subscription => ({
    id,
    unitId,
    email,
    kinds: ['unit-completed'],
    scope: 'subtree',
    createdAt: '',
    createdBy: '',
  });
  it('given two subscriptions and a contact with one address, then that address is one recipient carrying all three', () => {
    const recipients = recipientsOf([sub('1', 'a@x.example'), sub('2', 'A@X.example', 'lc-tp-p-kim-tan'), sub('3', 'b@x.example')], {
      email: 'a@x.example',
      unitId: 'lc-tp-th-kim-dong',
    });
    expect(recipients).toEqual([
      { email: 'a@x.example', subs: ['lc-tp-lao-cai/1', 'lc-tp-p-kim-tan/2'], contacts: ['lc-tp-th-kim-dong'] },
      { email: 'b@x.example', subs: ['lc-tp-lao-cai/3'], contacts: [] },
    ]);
  });
});

describe('Function: nextDigest', () => {
  it('is 17:00 Vietnam time today before 17:00, tomorrow from 17:00 on', () => {
    expect(nextDigest(new Date('2023-01-10T16:59:59+07:00'))).toEqual({ date: '2023-01-10', at: new Date('2023-01-10T17:00:00+07:00') });
    expect(nextDigest(new Date('2023-01-10T17:00:00+07:00'))).toEqual({ date: '2023-01-11', at: new Date('2023-01-11T17:00:00+07:00') });
    expect(nextDigest(new Date('2023-01-10T23:30:00+07:00')).date).toBe('2023-01-11');
  });
});

describe('Function: formatIndicator', () => {
  const find = (code: string) => CATALOG.indicators.find((i) => i.code === code);
  it('writes counts, percentages and ratios the Vietnamese way', () => {
    expect(formatIndicator(find('pupils'), 35585)).toBe('35.585');
    expect(formatIndicator(find('th_class_completion'), 0.985)).toBe('98,5 %');
    expect(formatIndicator(find('teachers_per_class'), 1.8234)).toBe('1,82');
    expect(formatIndicator(find('std_national'), 0.649)).toBe('64,9 %');
    expect(formatIndicator(find('pupils'), null)).toBe('chưa có số liệu');
  });
});

describe('Schema: SubscriptionBodySchema', () => {
  it('normalises the address, removes repeated kinds and defaults the scope to the unit', () => {
    expect(SubscriptionBodySchema.parse({ email: ' Lan@Phong.Example ', kinds: ['target-met', 'target-met'] })).toEqual({
      email: 'lan@phong.example',
      kinds: ['target-met'],
      scope: 'unit',
    });
  });
  it('refuses unknown kinds, fields and scopes with Vietnamese reasons', () => {
    const result = SubscriptionBodySchema.safeParse({ email: 'a@b.example', kinds: ['weekly'], scope: 'all', extra: 1 });
    expect(result.success).toBe(false);
    const messages = result.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
    expect(messages).toContain('scope: Phạm vi chỉ được là "unit" hoặc "subtree"');
    expect(messages.some((m) => m.startsWith('kinds.0: Loại thông báo không hợp lệ'))).toBe(true);
    expect(messages).toContain(': Trường không được hỗ trợ: extra');
  });
});
