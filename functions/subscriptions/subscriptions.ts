/** Parsing a subscription, carrying out an unsubscribe link, and the small page it shows. */
import { type SubscriptionBody, SubscriptionBodySchema } from '../../schemas/notify.ts';
import { html, template } from '../commons/html.ts';
import { HttpError, type HttpResult } from '../commons/http.ts';
import { deleteSubscription, getSubscription, optOut } from '../commons/subscriptions.ts';
import type { UnsubscribeClaims } from '../commons/unsubscribe.ts';

export const parseSubscription = (body: unknown): SubscriptionBody => {
  const parsed = SubscriptionBodySchema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  throw new HttpError(
    400,
    'Dữ liệu đăng ký không hợp lệ',
    parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), code: issue.code, message: issue.message })),
  );
};

/** Remove what the link names: its subscriptions (if still for that address) and its contact addresses. */
export const unsubscribe = async (tableName: string, claims: UnsubscribeClaims, now: Date): Promise<void> => {
  for (const ref of claims.subs) {
    const [unitId = '', id = ''] = ref.split('/');
    const subscription = await getSubscription(tableName, unitId, id);
    if (subscription?.email === claims.email) await deleteSubscription(tableName, unitId, id);
  }
  for (const unitId of claims.contacts) await optOut(tableName, claims.email, unitId, now);
};

const page = template<{ state: 'invalid' | 'confirm' | 'done'; token: string; email: string }>(`<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Hủy nhận thông báo</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;line-height:1.5}button{font-size:1rem;padding:.5rem 1rem}</style></head>
<body><h1>Hủy nhận thông báo</h1>
<% if (it.state === 'invalid') { %><p>Đường dẫn hủy đăng ký không hợp lệ hoặc đã hết hạn.</p>
<% } else if (it.state === 'confirm') { %><p>Ngừng gửi thông báo qua email tới <strong><%= it.email %></strong>?</p>
<form method="post" action="?t=<%= it.token %>"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Hủy nhận thông báo</button></form>
<% } else { %><p>Đã hủy. <strong><%= it.email %></strong> sẽ không nhận các thông báo này nữa.</p><% } %>
</body></html>`);

export const unsubscribePage = (status: number, state: 'invalid' | 'confirm' | 'done', token: string, email = ''): HttpResult =>
  html(status, page({ state, token: encodeURIComponent(token), email }));
