/**
 * The dashboard's HTML, server-rendered with Eta (every `<%= %>` is escaped). Templates are
 * strings compiled once at load. The page works without JavaScript (links and forms); a small
 * script sorts the children table in place, submits the rate choice and keeps the page live.
 */
import { createHash } from 'node:crypto';
import type { ApprovalStatus } from '../../domain/approval.ts';
import type { Indicator } from '../../schemas/catalog.ts';
import type { IndicatorValue, RollupResponse } from '../../schemas/rollup.ts';
import { formatDate, formatDateTime, formatNumber, template } from '../commons/html.ts';
import { type Chart, horizontalBars, verticalBars } from './charts.ts';
import { indicatorValue, rateText, ratioText, targetText, whenText } from './format.ts';
import type { DashboardModel, PeriodState, SortKey } from './model.ts';

/** Formatters the templates call as `it.f.*`. */
const f = {
  count: formatNumber,
  dateTime: (iso: string | null | undefined) => whenText(iso, formatDateTime),
};

const STYLE = `*{box-sizing:border-box}body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1b1b1b;background:#f4f5f7}
main{max-width:980px;margin:0 auto;padding:10px}h1{font-size:1.35rem;margin:.1rem 0}h2{font-size:1.1rem;margin:0 0 .5rem}h3{font-size:.98rem;margin:.6rem 0 .3rem}
a{color:#0b5394}section,header.top{background:#fff;border:1px solid #d0d4da;border-radius:8px;padding:10px 12px;margin:0 0 12px;overflow-wrap:anywhere}
.trail{font-size:.9rem;margin:0 0 4px}.trail a{margin-right:4px}.meta{color:#444;margin:.2rem 0}
.tabs,.years{display:flex;flex-wrap:wrap;gap:6px;margin:8px 0 4px;padding:0;list-style:none}.years{gap:4px 12px;font-size:.9rem}.years small{color:#1e7b34}.tabs a,.tabs strong{display:block;border:1px solid #c3c8d0;border-radius:6px;padding:4px 8px;text-decoration:none;font-size:.85rem;color:#1b1b1b;background:#fafbfc}
.tabs strong{border-color:#0b5394;background:#e8f0fb}.tabs small{display:block;font-weight:400}.s-complete{color:#1e7b34}.s-overdue{color:#a40000}.s-open{color:#0b5394}.s-notOpen{color:#666}
.actions{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin-top:6px;font-size:.9rem}.actions a{padding:4px 8px;border:1px solid #0b5394;border-radius:6px;text-decoration:none}
.live{color:#555;font-size:.82rem}.bar{display:flex;height:22px;border-radius:5px;overflow:hidden;background:#e3e5e8;margin:6px 0}.bar span{display:block;height:100%}
.on{background:#2e8b57}.late{background:#e0a100}.miss{background:#b9bec6}.legend{display:flex;flex-wrap:wrap;gap:12px;font-size:.9rem;margin:0 0 6px}.legend i{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:4px;vertical-align:-1px}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{text-align:left;padding:5px 6px;border-bottom:1px solid #e3e5e8;vertical-align:top}td.n,th.n{text-align:right;white-space:nowrap}
.frac{display:block;color:#666;font-size:.8rem}.ok{color:#1e7b34;font-weight:600}.ko{color:#a40000;font-weight:600}.scroll{overflow-x:auto}
button{font-size:.85rem;padding:5px 10px;border-radius:6px;border:1px solid #0b5394;background:#fff;color:#0b5394;cursor:pointer}button.primary{background:#0b5394;color:#fff}
.note{color:#555;font-size:.82rem;margin:.2rem 0 0}.flash{background:#e6f4ea;border:1px solid #1e7b34;border-radius:8px;padding:8px 12px;margin:0 0 12px}
.a-approved{color:#1e7b34;font-weight:600}.a-returned{color:#a40000;font-weight:600}.a-submitted{color:#0b5394}.a-open{color:#666}svg{width:100%;max-width:560px;height:auto;display:block}svg text{font:12px system-ui,sans-serif;fill:#1b1b1b}
.b-met{fill:#2e8b57}.b-missed{fill:#c0392b}.b-none{fill:#5b7fa6}.target{stroke:#a40000;stroke-width:1.5;stroke-dasharray:5 3}svg .tl{fill:#a40000;font-size:11px}
form.inline{display:inline}select{font-size:.9rem;padding:4px;max-width:100%}.sortlink{color:inherit;text-decoration:none}.sortlink:hover{text-decoration:underline}
ul.changes{margin:.2rem 0 .4rem;padding-left:1.1rem}details{margin:6px 0}summary{cursor:pointer;padding:4px 0}@media (max-width:480px){main{padding:6px}.tabs{display:grid;grid-template-columns:1fr 1fr}td .ok,td .ko{display:block}.tabs a,.tabs strong{font-size:.78rem;padding:3px 6px}section,header.top{padding:8px}th,td{padding:4px 3px}.hide-s{display:none}}
:focus-visible{outline:3px solid #f3a712;outline-offset:2px}`;

const SCRIPT = `(function(){var m=document.querySelector('main');if(!m)return;
function sorting(){var t=document.getElementById('children');if(!t)return;t.querySelectorAll('th[data-key] a').forEach(function(a){a.addEventListener('click',function(e){e.preventDefault();
var th=a.closest('th'),k=th.dataset.key,i=[].indexOf.call(th.parentNode.children,th),d=th.getAttribute('aria-sort')==='ascending'?-1:1,b=t.tBodies[0];
var rows=[].slice.call(b.rows);rows.sort(function(x,y){var p=x.cells[i].dataset.v,q=y.cells[i].dataset.v;if(p===''&&q==='')return 0;if(p==='')return 1;if(q==='')return -1;
var r=k==='name'?p.localeCompare(q,'vi'):Number(p)-Number(q);return r*d});rows.forEach(function(r){b.appendChild(r)});
t.querySelectorAll('th[data-key]').forEach(function(h){h.removeAttribute('aria-sort')});th.setAttribute('aria-sort',d>0?'ascending':'descending');history.replaceState(null,'',a.href)})})}
function rate(){var s=document.getElementById('rate');if(s)s.addEventListener('change',function(){s.form.submit()})}
sorting();rate();var stamp=m.dataset.stamp,live=m.dataset.live,busy=false;
function tick(){if(busy||document.hidden)return;busy=true;fetch(live,{cache:'no-store'}).then(function(r){return r.ok?r.json():null}).then(function(j){
if(!j||j.stamp===stamp)return;return fetch(location.href,{cache:'no-store'}).then(function(r){return r.text()}).then(function(h){
var n=new DOMParser().parseFromString(h,'text/html').querySelector('main');if(!n)return;m.innerHTML=n.innerHTML;stamp=n.dataset.stamp;m.dataset.stamp=stamp;sorting();rate();
var l=document.getElementById('live');if(l)l.textContent='Vừa cập nhật lúc '+new Date().toLocaleTimeString('vi-VN')})}).catch(function(){}).then(function(){busy=false})}
setInterval(tick,${4000});var l=document.getElementById('live');if(l)l.textContent='Tự cập nhật mỗi 4 giây';})();`;

/** Content-Security-Policy: no outside resources, only this page's own script (by its hash). */
export const CONTENT_SECURITY_POLICY = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${createHash('sha256').update(SCRIPT).digest('base64')}'; connect-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`;

const LAYOUT = template<
  Record<string, unknown>
>(`<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<% if (it.redirect) { %><meta http-equiv="refresh" content="0;url=<%= it.redirect %>"><% } %><title><%= it.title %></title><% if (it.refresh) { %><noscript><meta http-equiv="refresh" content="60"></noscript><% } %><style><%~ it.style %></style></head>
<body><%~ it.body %><% if (it.script) { %><script><%~ it.script %></script><% } %></body></html>`);

const PROBLEM = template<Record<string, unknown>>(`<main><section><h1><%= it.title %></h1><p><%= it.message %></p></section></main>`);

const BOUNCE = template<Record<string, unknown>>(
  `<main><section><h1>Đang mở bảng điều khiển…</h1><p><a href="<%= it.href %>">Bấm vào đây nếu trang không tự mở.</a></p></section></main>`,
);

const CHART = template<
  Record<string, unknown>
>(`<svg viewBox="0 0 <%= it.chart.width %> <%= it.chart.height %>" role="img" aria-labelledby="<%= it.id %>-t"><title id="<%= it.id %>-t"><%= it.title %></title>
<% it.chart.bars.forEach(function (b) { %><g><% if (!it.vertical) { %><text x="<%= b.labelX %>" y="<%= b.labelY %>"><%= b.label %></text><% } %>
<rect class="<%= b.met === null ? 'b-none' : b.met ? 'b-met' : 'b-missed' %>" x="<%= b.x.toFixed(1) %>" y="<%= b.y.toFixed(1) %>" width="<%= b.width.toFixed(1) %>" height="<%= b.height.toFixed(1) %>"><title><%= b.label %>: <%= b.text %></title></rect>
<text x="<%= b.textX.toFixed(1) %>" y="<%= b.textY.toFixed(1) %>"<% if (it.vertical) { %> text-anchor="middle"<% } %>><%= b.text %></text>
<% if (it.vertical) { %><text x="<%= b.labelX.toFixed(1) %>" y="<%= b.labelY %>" text-anchor="middle"><%= b.label %></text><% } %></g>
<% }) %><% if (it.chart.target) { const t = it.chart.target; %><line class="target" x1="<%= t.x1.toFixed(1) %>" y1="<%= t.y1.toFixed(1) %>" x2="<%= t.x2.toFixed(1) %>" y2="<%= t.y2.toFixed(1) %>"/>
<text class="tl" x="<%= t.labelX.toFixed(1) %>" y="<%= t.labelY.toFixed(1) %>" text-anchor="end"><%= t.label %></text><% } %></svg>`);

const PAGE = template<Record<string, unknown>>(`<main data-stamp="<%= it.stamp %>" data-live="<%= it.liveHref %>">
<header class="top">
<nav class="trail" aria-label="Đơn vị cấp trên"><% it.m.trail.slice(0, -1).forEach(function (u) { %><a href="<%= it.link({ unit: u.id }) %>"><%= u.name %></a> › <% }) %></nav>
<h1><%= it.m.unit.name %></h1>
<p class="meta">Kỳ báo cáo: <strong><%= it.m.period.label %></strong> · Hạn nộp <%= it.tab.dueOn %> · Số liệu cập nhật <%= it.updated %></p>
<nav aria-label="Chọn năm học"><ul class="years"><li>Năm học:</li><% it.years.forEach(function (y) { %><li><% if (y.current) { %><strong aria-current="true"><%= y.label %></strong><% } else { %><a href="<%= y.href %>"><%= y.label %></a><% } %><% if (y.reported) { %><small> · <%= y.reported %></small><% } %></li><% }) %></ul></nav>
<nav aria-label="Chọn kỳ báo cáo"><ul class="tabs"><% it.tabs.forEach(function (t) { %><li><% if (t.current) { %><strong aria-current="page"><%= t.label %><small class="s-<%= t.state %>"><%= t.stateText %></small></strong><% } else { %><a href="<%= t.href %>"><%= t.label %><small class="s-<%= t.state %>"><%= t.stateText %></small></a><% } %></li><% }) %></ul></nav>
<div class="actions"><a href="<%= it.exportHref %>.xlsx" download>Tải Excel (.xlsx)</a><a href="<%= it.exportHref %>.csv" download>Tải CSV</a><span class="live" id="live" aria-live="polite">Không có JavaScript: trang tự tải lại mỗi phút</span></div>
</header>
<% if (it.flash) { %><p class="flash" role="status"><%= it.flash %></p><% } %>
<section aria-labelledby="h-approval"><h2 id="h-approval">Phê duyệt</h2><p id="approval">Trạng thái: <strong class="a-<%= it.m.approval.status %>"><%= it.approvalText(it.m.approval.status) %></strong><% if (it.m.approval.decidedAt) { %> · <%= it.f.dateTime(it.m.approval.decidedAt) %><% if (it.m.approval.decidedBy) { %> (<%= it.m.approval.decidedBy %>)<% } %><% } %><% if (it.m.approval.comment) { %><span class="frac">Nhận xét: <%= it.m.approval.comment %></span><% } %></p>
<p class="note">Duyệt, trả lại và mở khóa qua API: <code>POST /api/units/{id}/reviews/{kỳ}</code>, <code>POST /api/units/{id}/approvals/{kỳ}</code>.</p></section>
<section aria-labelledby="h-completeness"><h2 id="h-completeness">Tiến độ nộp báo cáo</h2>
<div class="bar" role="img" aria-label="<%= it.c.onTime %> đúng hạn, <%= it.c.late %> nộp muộn, <%= it.c.missingCount %> chưa nộp trên <%= it.c.expected %> trường"><span class="on" style="width:<%= it.c.onTimePct %>%"></span><span class="late" style="width:<%= it.c.latePct %>%"></span><span class="miss" style="width:<%= it.c.missingPct %>%"></span></div>
<p class="legend"><span><i class="on"></i>Đúng hạn: <strong><%= it.f.count(it.c.onTime) %></strong></span><span><i class="late"></i>Nộp muộn: <strong><%= it.f.count(it.c.late) %></strong></span><span><i class="miss"></i>Chưa nộp: <strong><%= it.f.count(it.c.missingCount) %></strong></span><span>Đã nộp <strong><%= it.f.count(it.c.submitted) %>/<%= it.f.count(it.c.expected) %></strong> trường</span></p>
<% it.lists.forEach(function (list) { %><% if (list.schools.length) { %><details id="<%= list.id %>"<% if (list.open) { %> open<% } %>><summary><strong><%= list.title %> (<%= it.f.count(list.total) %>)</strong><% if (list.total > list.schools.length) { %> — <%= list.schools.length %> trường đầu; xem tiếp ở từng đơn vị trực thuộc<% } %></summary>
<div class="scroll"><table><thead><tr><th scope="col">Trường</th><th scope="col">Đường dẫn báo cáo</th></tr></thead><tbody>
<% list.schools.forEach(function (s) { %><tr><td><a href="<%= it.link({ unit: s.id }) %>"><%= s.name %></a></td>
<td><form class="inline" method="post" action="/dashboard/resend"><input type="hidden" name="school" value="<%= s.id %>"><input type="hidden" name="unit" value="<%= it.m.unit.id %>"><input type="hidden" name="period" value="<%= it.m.period.id %>"><button type="submit">Gửi lại đường dẫn</button></form>
<% if (s.resend) { %><span class="frac">Đã gửi lại <%= it.f.dateTime(s.resend.at) %> (<%= s.resend.by %>)<%= s.resend.emailedTo ? '' : ' · trường chưa có email' %></span><% } %></td></tr><% }) %>
</tbody></table></div></details><% } %><% }) %>
<% if (it.c.expected > 0 && it.c.submitted >= it.c.expected && !it.c.late) { %><p class="ok">Tất cả các trường đã nộp đúng hạn.</p><% } %>
</section>
<section aria-labelledby="h-indicators"><h2 id="h-indicators">Các chỉ tiêu</h2>
<% if (!it.sections.length) { %><p>Chưa có số liệu cho kỳ này.</p><% } %>
<% it.sections.forEach(function (sec) { %><h3><%= sec.name %></h3><table><thead><tr><th scope="col">Chỉ tiêu</th><th scope="col" class="n">Giá trị</th><th scope="col" class="n">Mục tiêu</th></tr></thead><tbody>
<% sec.rows.forEach(function (r) { %><tr><td><%= r.label %></td><td class="n"><%= r.value %><% if (r.fraction) { %><span class="frac"><%= r.fraction %></span><% } %></td>
<td class="n"><%= r.target %><% if (r.met === true) { %> <span class="ok" title="Đạt">✓ Đạt</span><% } else if (r.met === false) { %> <span class="ko" title="Không đạt">✗ Chưa đạt</span><% } %></td></tr><% }) %>
</tbody></table><% }) %>
</section>
<% if (it.rate) { %><section aria-labelledby="h-charts"><h2 id="h-charts">Biểu đồ</h2>
<form method="get" action="/dashboard"><input type="hidden" name="unit" value="<%= it.m.unit.id %>"><input type="hidden" name="period" value="<%= it.m.period.id %>"><input type="hidden" name="sort" value="<%= it.m.sort.key %>"><input type="hidden" name="dir" value="<%= it.m.sort.dir %>">
<label for="rate">Tỷ lệ:</label> <select id="rate" name="rate"><% it.m.rates.forEach(function (r) { %><option value="<%= r.code %>"<% if (r.code === it.rate.code) { %> selected<% } %>><%= r.label %></option><% }) %></select> <button type="submit">Xem</button></form>
<% if (it.childChart) { %><h3><%= it.rate.label %> theo đơn vị</h3><%~ it.childChart %><% } %>
<h3><%= it.rate.label %> qua các năm học</h3><%~ it.yearChart %>
</section><% } %>
<% if (it.children.length) { %><section aria-labelledby="h-children"><h2 id="h-children">Đơn vị trực thuộc</h2><div class="scroll"><table id="children"><thead><tr>
<% it.columns.forEach(function (col) { %><th scope="col" data-key="<%= col.key %>"<% if (col.numeric) { %> class="n<%= col.hideSmall ? ' hide-s' : '' %>"<% } %><% if (col.sort) { %> aria-sort="<%= col.sort %>"<% } %>><a class="sortlink" href="<%= col.href %>"><%= col.label %><%= col.sort === 'ascending' ? ' ▲' : col.sort === 'descending' ? ' ▼' : '' %></a></th><% }) %><th scope="col">Phê duyệt</th></tr></thead><tbody>
<% it.children.forEach(function (c) { %><tr><td data-v="<%= c.name %>"><a href="<%= c.href %>"><%= c.name %></a></td><td class="n" data-v="<%= c.submittedV %>"><%= c.submitted %></td><td class="n hide-s" data-v="<%= c.classesV %>"><%= c.classes %></td><td class="n" data-v="<%= c.pupilsV %>"><%= c.pupils %></td><td class="n" data-v="<%= c.rateV %>"><%= c.rate %></td><td class="a-<%= c.approval %>"><%= it.approvalText(c.approval) %></td></tr><% }) %>
</tbody></table></div><p class="note">Bấm tên cột để sắp xếp; bấm tên đơn vị để xem chi tiết.</p></section><% } %>
<% if (it.history) { %><section aria-labelledby="h-history"><h2 id="h-history">Lịch sử nộp báo cáo</h2>
<% if (!it.history.length) { %><p>Trường chưa nộp báo cáo kỳ này.</p><% } %><ol reversed>
<% it.history.forEach(function (v) { %><li><strong>Lần <%= v.version %></strong> · <%= v.at %> · <%= v.by %> · qua <%= v.source %><% if (v.late) { %> · <span class="ko">nộp muộn</span><% } %>
<% if (v.version === 1) { %><details><summary>Nộp lần đầu: <%= v.changes.length %> số liệu</summary><ul class="changes"><% v.changes.forEach(function (ch) { %><li><%= ch.label %>: <strong><%= ch.to %></strong></li><% }) %></ul></details><% } else if (v.changes.length) { %><ul class="changes"><% v.changes.forEach(function (ch) { %><li><%= ch.label %>: <%= ch.from %> → <strong><%= ch.to %></strong></li><% }) %></ul><% } else { %> · không thay đổi số liệu<% } %></li><% }) %></ol></section><% } %>
</main>`);

const APPROVAL_TEXT: Record<ApprovalStatus, string> = { open: 'Chưa nộp đủ', submitted: 'Chờ duyệt', returned: 'Bị trả lại', approved: 'Đã phê duyệt' };

const KIND_TEXT: Record<string, string> = { plan: 'Kế hoạch giao', start: 'Đầu năm học', semester1: 'Sơ kết học kỳ I', end: 'Tổng kết năm học' };

const STATE_TEXT: Record<PeriodState, string> = { notOpen: 'Chưa mở', open: 'Đang nhận', overdue: 'Quá hạn', complete: 'Đủ báo cáo' };

export interface LinkParams {
  unit?: string;
  period?: string;
  rate?: string;
  sort?: SortKey;
  dir?: 'asc' | 'desc';
}

/** Render a full HTML page around a body. */
const page = (title: string, body: string, options: { script?: boolean; refresh?: boolean; redirect?: string } = {}): string =>
  LAYOUT({ title, body, style: STYLE, script: options.script ? SCRIPT : '', refresh: options.refresh ?? false, redirect: options.redirect ?? '' });

export const renderProblem = (title: string, message: string): string => page(title, PROBLEM({ title, message }));

/** The page a browser gets when its cookie was withheld on a cross-site redirect: it reloads itself, same-site. */
export const renderBounce = (href: string): string => page('Đang mở bảng điều khiển', BOUNCE({ href }), { redirect: href });

const fractionOf = (indicator: Indicator, view: IndicatorValue, expected: number): string | null => {
  if (indicator.kind === 'rate' && view.numerator !== undefined && view.denominator !== undefined)
    return `${formatNumber(view.numerator)}/${formatNumber(view.denominator)}`;
  if (indicator.kind === 'flag' && expected > 0) return `${formatNumber(view.value)}/${formatNumber(expected)} trường`;
  return null;
};

const chartMarkup = (id: string, title: string, chart: Chart, vertical: boolean): string => CHART({ id, title, chart, vertical });

const resentText = (name: string, emailedTo: string | undefined): string =>
  emailedTo
    ? `Đã gửi lại đường dẫn báo cáo cho ${name} (tới ${emailedTo}).`
    : `Đã ghi nhận yêu cầu gửi lại đường dẫn cho ${name}, nhưng trường chưa có địa chỉ email: hãy báo cho trường bằng cách khác.`;

export const renderDashboard = (m: DashboardModel, stamp: string): string => {
  const link = (params: LinkParams): string => {
    const q = new URLSearchParams();
    q.set('unit', params.unit ?? m.unit.id);
    q.set('period', params.period ?? m.period.id);
    const rate = params.rate ?? m.rate?.code;
    if (rate) q.set('rate', rate);
    const sort = params.sort ?? m.sort.key;
    const dir = params.dir ?? m.sort.dir;
    if (sort !== 'name' || dir !== 'asc') {
      q.set('sort', sort);
      q.set('dir', dir);
    }
    return `/dashboard?${q.toString()}`;
  };
  const tab = m.tabs.find((t) => t.period.id === m.period.id);
  // Periods of the chosen school year as chips; the other years as links (to the same kind of period).
  const years = [...new Set(m.tabs.map((t) => t.period.schoolYear))].map((year) => {
    const ofYear = m.tabs.filter((t) => t.period.schoolYear === year);
    const target = ofYear.find((t) => t.period.kind === m.period.kind) ?? (ofYear[0] as (typeof ofYear)[number]);
    const best = Math.max(...ofYear.map((t) => t.submitted));
    return {
      label: year,
      href: link({ period: target.period.id }),
      current: year === m.period.schoolYear,
      reported: best > 0 ? `có số liệu` : '',
    };
  });
  const tabs = m.tabs
    .filter((t) => t.period.schoolYear === m.period.schoolYear)
    .map((t) => ({
      label: KIND_TEXT[t.period.kind] ?? t.period.label,
      href: link({ period: t.period.id }),
      current: t.period.id === m.period.id,
      state: t.state,
      stateText: t.state === 'notOpen' ? STATE_TEXT[t.state] : `${STATE_TEXT[t.state]} · ${formatNumber(t.submitted)}/${formatNumber(t.expected)}`,
    }));

  const c = m.rollup.completeness;
  const missingCount = c.missing.length;
  const pct = (n: number): string => (c.expected > 0 ? ((n / c.expected) * 100).toFixed(2) : '0');
  const withResend = (s: { id: string; name: string }) => ({ ...s, resend: m.resends.get(s.id) });
  const SHOWN = 100;
  const lists = [
    { id: 'missing', title: 'Trường chưa nộp', all: c.missing.map(withResend), open: true },
    { id: 'late', title: 'Trường nộp muộn', all: (c.lateSchools ?? []).map(withResend), open: (c.lateSchools ?? []).length <= 10 },
  ].map((list) => ({ ...list, total: list.all.length, schools: list.all.slice(0, SHOWN) }));

  const sections = [...new Set(m.catalog.indicators.map((i) => i.section))]
    .map((name) => ({
      name,
      rows: m.catalog.indicators
        .filter((i) => i.section === name && m.rollup.indicators[i.code])
        .map((i) => {
          const view = m.rollup.indicators[i.code] as IndicatorValue;
          return {
            label: i.label,
            value: indicatorValue(i, view),
            fraction: fractionOf(i, view, c.expected),
            target: targetText(i, view),
            met: view.target ? (view.met ?? null) : undefined,
          };
        }),
    }))
    .filter((s) => s.rows.length > 0);

  const rate = m.rate;
  const ratePercent = rate?.scale !== 'ratio';
  const showRate = (v: number | null | undefined): string => (ratePercent ? rateText(v) : ratioText(v));
  const targetOf = (r: RollupResponse) => {
    const t = rate ? r.indicators[rate.code]?.target : undefined;
    return t
      ? { threshold: t.threshold, direction: t.direction, text: `Mục tiêu ${t.direction === 'atLeast' ? '≥' : '≤'} ${showRate(t.threshold)}` }
      : undefined;
  };
  const childChart =
    rate && m.children.length > 0
      ? chartMarkup(
          'chart-children',
          `${rate.label} theo đơn vị trực thuộc`,
          horizontalBars(
            m.children.map((ch) => ({
              label: ch.name,
              value: ch.indicators[rate.code]?.value ?? null,
              text: ch.indicators[rate.code] ? showRate(ch.indicators[rate.code]?.value) : 'chưa có',
            })),
            targetOf(m.rollup),
            ratePercent,
          ),
          false,
        )
      : '';
  const yearChart = rate
    ? chartMarkup(
        'chart-years',
        `${rate.label} qua các năm học`,
        verticalBars(
          m.years.map((y) => ({
            label: y.schoolYear,
            value: y.rollup.indicators[rate.code]?.value ?? null,
            text: y.rollup.indicators[rate.code] ? showRate(y.rollup.indicators[rate.code]?.value) : 'chưa có',
          })),
          targetOf(m.rollup),
          ratePercent,
        ),
        true,
      )
    : '';

  const columnDefs: { key: SortKey; label: string; numeric: boolean; hideSmall?: boolean }[] = [
    { key: 'name', label: 'Đơn vị', numeric: false },
    { key: 'submitted', label: 'Đã nộp', numeric: true },
    { key: 'classes', label: 'Số lớp', numeric: true, hideSmall: true },
    { key: 'pupils', label: 'Số học sinh', numeric: true },
    { key: 'rate', label: rate ? rate.label.replace(/^Tỷ lệ /, 'TL ') : 'Tỷ lệ', numeric: true },
  ];
  const columns = columnDefs.map((col) => {
    const active = m.sort.key === col.key;
    const nextDir = active && m.sort.dir === 'asc' ? 'desc' : 'asc';
    return { ...col, href: link({ sort: col.key, dir: nextDir }), sort: active ? (m.sort.dir === 'asc' ? 'ascending' : 'descending') : undefined };
  });
  const children = m.children.map((ch) => {
    const v = (code: string): number | null => ch.indicators[code]?.value ?? null;
    const r = rate ? v(rate.code) : null;
    return {
      name: ch.name,
      href: link({ unit: ch.unitId }),
      submitted: `${formatNumber(ch.completeness.submitted)}/${formatNumber(ch.completeness.expected)}`,
      submittedV: ch.completeness.expected ? String(ch.completeness.submitted / ch.completeness.expected) : '',
      classes: formatNumber(v('classes')),
      classesV: v('classes') ?? '',
      pupils: formatNumber(v('pupils')),
      pupilsV: v('pupils') ?? '',
      rate: r === null ? '—' : showRate(r),
      rateV: r ?? '',
      approval: m.childApprovals.get(ch.unitId) ?? 'open',
    };
  });

  const labels = new Map(m.catalog.indicators.map((i) => [i.code, i.label]));
  const history = m.history
    ? [...m.history.versions].reverse().map((v) => ({
        version: v.version,
        at: formatDateTime(v.submittedAt),
        by: v.submittedBy,
        source: v.source === 'form' ? 'biểu mẫu' : v.source,
        late: v.late,
        changes: Object.entries(v.changes).map(([code, ch]) => ({ label: labels.get(code) ?? code, from: formatNumber(ch.from), to: formatNumber(ch.to) })),
      }))
    : null;

  const resent = m.resent ? lists.flatMap((l) => l.all).find((s) => s.id === m.resent) : undefined;
  const body = PAGE({
    m,
    f,
    stamp,
    liveHref: `/dashboard/live?${new URLSearchParams({ unit: m.unit.id, period: m.period.id }).toString()}`,
    link,
    tab: { dueOn: formatDate(tab?.dueOn ?? m.period.dueOn) },
    updated: whenText(m.rollup.updatedAt, formatDateTime),
    tabs,
    years,
    exportHref: `/api/units/${encodeURIComponent(m.unit.id)}/rollups/${encodeURIComponent(m.period.id)}`,
    flash: m.resent ? resentText(resent?.name ?? m.resent, m.resends.get(m.resent)?.emailedTo) : '',
    c: {
      ...c,
      missingCount,
      onTimePct: pct(c.onTime),
      latePct: pct(c.late),
      missingPct: pct(missingCount),
    },
    lists,
    approvalText: (status: ApprovalStatus) => APPROVAL_TEXT[status],
    sections,
    rate,
    childChart,
    yearChart,
    columns,
    children,
    history,
  });
  return page(`${m.unit.name} · ${m.period.label}`, body, { script: true, refresh: true });
};
