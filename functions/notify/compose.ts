/** The email of one or more notices: short Vietnamese text and HTML, with the unsubscribe link. */
import type { Notice } from '../../schemas/notify.ts';
import { template } from '../commons/html.ts';

export interface ComposedEmail {
  subject: string;
  text: string;
  html: string;
}

const body = template<{ notices: Notice[]; unsubscribe: string; intro: string }>(`<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family:Arial,sans-serif;font-size:15px;line-height:1.5;color:#1a1a1a;max-width:40rem">
<p><%= it.intro %></p>
<% for (const n of it.notices) { %><div style="margin:0 0 1rem">
<p style="margin:0;font-weight:bold"><%= n.title %></p>
<% for (const line of n.lines) { %><p style="margin:0"><%= line %></p>
<% } %><% if (n.link) { %><p style="margin:.25rem 0 0"><a href="<%= n.link %>"><%= n.kind === 'deadline-reminder' && n.link.includes('/form?') ? 'Mở biểu mẫu báo cáo' : 'Xem chi tiết' %></a></p><% } %>
</div>
<% } %><hr style="border:0;border-top:1px solid #ccc">
<p style="font-size:13px;color:#555">Email tự động của hệ thống Tổng hợp báo cáo. <a href="<%= it.unsubscribe %>">Hủy nhận thông báo</a></p>
</body></html>`);

export const composeEmail = (notices: readonly Notice[], unsubscribe: string, heading?: string): ComposedEmail => {
  const first = notices[0];
  if (!first) throw new Error('Nothing to compose');
  const subject = heading ?? (notices.length === 1 ? first.title : `${notices.length} thông báo mới: ${first.title} và ${notices.length - 1} thông báo khác`);
  const intro = notices.length === 1 ? 'Thông báo từ hệ thống Tổng hợp báo cáo:' : `Có ${notices.length} thông báo mới từ hệ thống Tổng hợp báo cáo:`;
  const text = [
    intro,
    '',
    ...notices.flatMap((n) => [n.title, ...n.lines, ...(n.link ? [n.link] : []), '']),
    '--',
    'Email tự động của hệ thống Tổng hợp báo cáo.',
    `Hủy nhận thông báo: ${unsubscribe}`,
    '',
  ].join('\n');
  return { subject, text, html: body({ notices: [...notices], unsubscribe, intro }) };
};
