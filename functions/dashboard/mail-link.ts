/** The email a school gets when a leader sends its form link again from the dashboard. */
import { dueDateFor } from '../../domain/periods.ts';
import type { Period } from '../../schemas/catalog.ts';
import type { UnitItem } from '../../schemas/unit.ts';
import { signingKey, signToken } from '../commons/auth.ts';
import { formatDate, template } from '../commons/html.ts';
import { sendEmail } from '../commons/mail.ts';

/** A fresh form link for the school (30 days), as the reminders make them. */
export const formLink = async (publicUrl: string, school: UnitItem, periodId: string): Promise<string> => {
  const token = await signToken({ sub: `resend-${school.id}`, unit: school.id, role: 'school' }, await signingKey(), '30d');
  return `${publicUrl}/form?t=${token}&period=${encodeURIComponent(periodId)}`;
};

interface LinkMail {
  school: string;
  from: string;
  period: string;
  due: string;
  link: string;
}

const text = (m: LinkMail): string =>
  [
    `Kính gửi ${m.school},`,
    '',
    `${m.from} gửi lại đường dẫn để trường nộp báo cáo ${m.period} (hạn nộp ${m.due}):`,
    '',
    m.link,
    '',
    'Đường dẫn dành riêng cho trường, có hiệu lực 30 ngày; vui lòng không chuyển tiếp.',
  ].join('\n');

const HTML = template<LinkMail>(`<!doctype html><html lang="vi"><body style="font:15px/1.5 system-ui,sans-serif;color:#1b1b1b">
<p>Kính gửi <%= it.school %>,</p>
<p><%= it.from %> gửi lại đường dẫn để trường nộp báo cáo <strong><%= it.period %></strong> (hạn nộp <%= it.due %>):</p>
<p><a href="<%= it.link %>" style="display:inline-block;padding:10px 16px;background:#0b5394;color:#fff;border-radius:6px;text-decoration:none">Mở biểu mẫu báo cáo</a></p>
<p style="color:#555;font-size:13px">Đường dẫn dành riêng cho trường, có hiệu lực 30 ngày; vui lòng không chuyển tiếp.</p></body></html>`);

/**
 * Email the school its form link through SES (the local outbox locally). Returns the address it
 * went to, or undefined when the school has no contact address on file.
 */
export const emailFormLink = async (publicUrl: string, school: UnitItem, period: Period, sentBy: string): Promise<string | undefined> => {
  if (!school.email) return undefined;
  const mail: LinkMail = {
    school: school.name,
    from: sentBy,
    period: period.label,
    due: formatDate(dueDateFor(period, [...(school.periods[period.id]?.ancestors ?? school.ancestors), school.id])),
    link: await formLink(publicUrl, school, period.id),
  };
  await sendEmail({ to: school.email, subject: `Đường dẫn nộp báo cáo ${period.label} — ${school.name}`, text: text(mail), html: HTML(mail) });
  return school.email;
};
