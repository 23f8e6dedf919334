/**
 * The form's pages as Eta templates (compiled once at module load; every `<%= %>` is escaped).
 * Only `<%~ %>` outputs raw text: the page body rendered by another template here, and the
 * constant style sheet and script.
 */
import { template } from '../commons/html.ts';
import { GROUPED, PLAIN } from './numbers.ts';

const STYLE = `*{box-sizing:border-box}body{font:16px/1.45 system-ui,sans-serif;margin:0;color:#1b1b1b;background:#f6f7f9}
main{max-width:760px;margin:0 auto;padding:12px}h1{font-size:1.3rem;margin:.2rem 0}h2{font-size:1.1rem;margin:.6rem 0 .4rem}
.meta{color:#333;margin:.2rem 0 .6rem}fieldset,section{background:#fff;border:1px solid #d0d4da;border-radius:8px;margin:0 0 12px;padding:8px 12px;min-width:0}
legend{font-weight:600;padding:0 4px}.note{font-size:.95rem;background:#eef3fb;border-radius:6px;padding:6px 8px;margin:6px 0}.note p{margin:2px 0}
.f{margin:12px 0}.f label{display:block;font-weight:500}.req{color:#a40000;font-weight:400;font-size:.9rem}
.in{display:flex;align-items:center;gap:8px}.in input,.in select{width:100%;max-width:12rem;min-height:44px;font-size:1rem;padding:8px;
border:1px solid #6b717a;border-radius:6px;background:#fff}.u{color:#444}.f small{display:block;color:#555}
.calc,.rate{margin:6px 0;color:#0b5394}.rate.error{color:#a40000}.error{color:#a40000;font-weight:600;margin:2px 0}.warn{color:#7a4b00;margin:2px 0}
.f.bad input,.f.bad select{border-color:#a40000;outline:2px solid #a40000}.box{border-radius:8px;padding:10px 12px;margin:0 0 12px}
.box h2{margin:0 0 4px}.box p{margin:4px 0}.box ul{margin:4px 0 0;padding-left:1.2rem}.box li a{display:block;min-height:44px;padding:10px 0}
.err{background:#fde8e8;border:2px solid #a40000}.wbox{background:#fff4dc;border:1px solid #c98a00}.ok{background:#e6f4ea;border:1px solid #1e7b34}
.draft{background:#fff4dc;border:1px solid #c98a00}
a{color:#0b5394}a.b{display:inline-flex;align-items:center;min-height:44px;min-width:44px;padding:0 6px}
button{min-height:44px;min-width:44px;font-size:1rem;padding:10px 18px;border-radius:6px;border:2px solid #0b5394;background:#0b5394;color:#fff;cursor:pointer}
button.sec{background:#fff;color:#0b5394}.actions{display:flex;flex-wrap:wrap;gap:10px;margin:12px 0}
.periods{margin:0 0 12px}.periods ul{list-style:none;padding:0;margin:0;background:#fff;border:1px solid #d0d4da;border-radius:8px}
.periods li{border-top:1px solid #e1e4e8}.periods li:first-child{border-top:0}.periods li>*{display:flex;flex-wrap:wrap;justify-content:space-between;
align-items:center;gap:4px 8px;min-height:44px;padding:6px 10px}.periods summary{min-height:44px;padding:10px 0;cursor:pointer;color:#0b5394}
.cur{font-weight:600;background:#eef3fb}.periods a{text-decoration:none}.periods a>span:first-child{text-decoration:underline}.st{font-size:.85rem;border-radius:10px;padding:1px 8px;white-space:nowrap;font-weight:500}
.st-submitted{background:#e6f4ea;color:#1e5e2e}.st-missing{background:#eceff3;color:#333}.st-overdue{background:#fde8e8;color:#a40000}
.st-draft{background:#fff4dc;color:#6a4300}table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:6px 4px;
border-bottom:1px solid #e1e4e8;vertical-align:top}th{font-weight:500}td.n{text-align:right;white-space:nowrap}.hist{list-style:none;padding:0}
.hist>li{background:#fff;border:1px solid #d0d4da;border-radius:8px;margin:0 0 10px;padding:8px 12px}.hist ul{margin:4px 0;padding-left:1.2rem}
:focus-visible{outline:3px solid #f3a712;outline-offset:2px}#error-summary:focus{outline:3px solid #f3a712}
@media print{body{background:#fff;font-size:11pt}main{max-width:none;padding:0}.noprint{display:none!important}
.box,section{border:1px solid #000;background:#fff;break-inside:avoid}tr{break-inside:avoid}a{color:#000;text-decoration:none}}`;

/**
 * The browser side: computed totals and rates as one types (numbers read exactly as the server
 * reads them), the error summary takes the focus and its links focus their field, the receipt's
 * print button. Everything works without it.
 */
const SCRIPT = `(function(){var P=/${PLAIN.source}/,G=/${GROUPED.source}/;
function num(t){t=(t||'').trim();var v=P.test(t)?+t:G.test(t)?+t.replace(/\\D/g,''):NaN;return Number.isSafeInteger(v)?v:NaN}
function val(c){var i=document.getElementById('f-'+c);if(i)return num(i.value);var s=document.getElementById('s-'+c);if(!s)return NaN;
var t=0,any=false;s.dataset.sum.split(' ').forEach(function(p){var v=val(p);if(!isNaN(v)){t+=v;any=true}});return any?t:NaN}
function fmt(x,d){return x.toLocaleString('vi-VN',{maximumFractionDigits:d})}
function upd(){document.querySelectorAll('[data-sum]').forEach(function(o){var v=val(o.id.slice(2));o.textContent=isNaN(v)?'—':fmt(v,0)});
document.querySelectorAll('[data-rate]').forEach(function(o){var a=val(o.dataset.n),b=val(o.dataset.d),r=o.dataset.ratio;
o.textContent=isNaN(a)||isNaN(b)||b<=0?'—':r?fmt(a/b,2):fmt(a/b*100,2)+' %';o.parentNode.classList.toggle('error',!r&&b>0&&a>b)})}
if(document.querySelector('[data-rate],[data-sum]')){document.addEventListener('input',upd);document.addEventListener('change',upd);upd()}
var s=document.getElementById('error-summary');if(s){s.focus();s.addEventListener('click',function(e){var a=e.target.closest('a');
var el=a&&document.getElementById(a.getAttribute('href').slice(1));if(el){e.preventDefault();el.focus();el.scrollIntoView({block:'center'})}})}
var b=document.querySelector('[data-print]');if(b){b.hidden=false;b.addEventListener('click',function(){window.print()})}})();`;

export interface PageView {
  title: string;
  body: string;
}

const pageTemplate = template<PageView & { style: string; script: string }>(
  `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title><%= it.title %></title><style><%~ it.style %></style></head><body><main><%~ it.body %></main><script><%~ it.script %></script></body></html>`,
);

/** A whole page around a body rendered by one of the templates below. */
export const page = (view: PageView): string => pageTemplate({ ...view, style: STYLE, script: SCRIPT });

export interface PeriodLinkView {
  label: string;
  href: string;
  current: boolean;
  status: 'submitted' | 'draft' | 'overdue' | 'missing';
  statusLabel: string;
}

export interface FieldView {
  code: string;
  label: string;
  hint: string;
  unit: string;
  required: boolean;
  flag: boolean;
  value: string;
  errors: string[];
  warnings: string[];
}

export interface SumView {
  code: string;
  label: string;
  unit: string;
  parts: string;
  /** A total of one part: computed for the rates that need it, not shown. */
  hidden: boolean;
  shown: string;
}

export interface RateView {
  label: string;
  numerator: string;
  denominator: string;
  ratio: boolean;
  shown: string;
}

export interface SectionView {
  title: string;
  notes: string[];
  fields: FieldView[];
  sums: SumView[];
  rates: RateView[];
}

export interface SummaryItemView {
  href?: string;
  text: string;
}

export interface FormView {
  schoolName: string;
  periodLabel: string;
  periodId: string;
  due: string;
  status: PeriodLinkView['status'];
  statusLabel: string;
  prefilled: string;
  historyHref: string | null;
  overdue: string[];
  /** The shown period itself is overdue (else the notice is about other periods). */
  overdueHere: boolean;
  currentLinks: PeriodLinkView[];
  olderLinks: PeriodLinkView[];
  summary: SummaryItemView[];
  warningCount: number;
  confirm: boolean;
  drafts: boolean;
  requiredCount: number;
  token: string;
  idempotencyKey: string;
  sections: SectionView[];
}

const periodList = `<ul><% for (const p of it) { %><li><% if (p.current) { %><span class="cur" aria-current="page"><span><%= p.label %></span><%
} else { %><a href="<%= p.href %>"><span><%= p.label %></span><% } %><span class="st st-<%= p.status %>"><%= p.statusLabel %></span><%
if (p.current) { %></span><% } else { %></a><% } %></li><% } %></ul>`;

const periodListTemplate = template<PeriodLinkView[]>(periodList);

export const formBody = template<FormView & { currentHtml: string; olderHtml: string }>(
  `<h1><%= it.schoolName %></h1>
<p class="meta">Kỳ báo cáo: <strong><%= it.periodLabel %></strong> · Hạn nộp: <strong><%= it.due %></strong> ·
<span class="st st-<%= it.status %>"><%= it.statusLabel %></span><%= it.prefilled %></p>
<% if (it.historyHref) { %><p class="noprint"><a class="b" href="<%= it.historyHref %>">Xem lịch sử các lần nộp</a></p><% } %>
<% if (it.summary.length) { %><div class="box err" id="error-summary" tabindex="-1" autofocus role="alert" aria-labelledby="error-title">
<h2 id="error-title">Chưa gửi được: có <%= it.summary.length %> lỗi cần sửa</h2><ul><% for (const s of it.summary) { %><li><%
if (s.href) { %><a href="<%= s.href %>"><%= s.text %></a><% } else { %><%= s.text %><% } %></li><% } %></ul></div><% } %>
<% if (it.overdue.length) { %><div class="box <%= it.overdueHere ? 'err' : 'wbox' %>" role="note"><% for (const line of it.overdue) { %><p><%= line %></p><% } %></div><% } %>
<% if (it.warningCount && !it.summary.length) { %><div class="box wbox" role="alert"><strong>Có <%= it.warningCount %> số liệu bất thường.</strong>
Kiểm tra lại các ô được đánh dấu; nếu số liệu đúng, bấm “Xác nhận và nộp”.</div><% } %>
<nav class="periods noprint" aria-label="Các kỳ báo cáo"><h2>Các kỳ báo cáo</h2><%~ it.currentHtml %><%
if (it.olderLinks.length) { %><details><summary>Các kỳ trước (<%= it.olderLinks.length %>)</summary><%~ it.olderHtml %></details><% } %></nav>
<form method="post" action="/form" novalidate>
<input type="hidden" name="t" value="<%= it.token %>"><input type="hidden" name="period" value="<%= it.periodId %>">
<input type="hidden" name="idempotencyKey" value="<%= it.idempotencyKey %>">
<% if (it.requiredCount) { %><p class="reqnote">Các ô có dấu <span class="req">(bắt buộc)</span> phải điền đủ khi nộp báo cáo<% if (it.drafts) { %>;
bản nháp có thể lưu khi chưa đủ<% } %>.</p><% } %>
<% for (const section of it.sections) { %><fieldset><legend><%= section.title %></legend>
<% if (section.notes.length) { %><div class="note"><% for (const note of section.notes) { %><p><%= note %></p><% } %></div><% } %>
<% for (const f of section.fields) { const id = 'f-' + f.code; %><div class="f<%= f.errors.length ? ' bad' : '' %>">
<label for="<%= id %>"><%= f.label %><% if (f.required) { %> <span class="req">(bắt buộc)</span><% } %></label><div class="in"><%
const described = ['h-' + f.code, ...(f.unit ? ['u-' + f.code] : []), ...(f.errors.length ? ['e-' + f.code] : []), ...(f.warnings.length ? ['w-' + f.code] : [])].join(' ');
if (f.flag) { %><select id="<%= id %>" name="v.<%= f.code %>" aria-describedby="<%= described %>"<%= f.errors.length ? ' aria-invalid=true' : '' %>>
<option value=""<%= f.value === '' ? ' selected' : '' %>>— chưa nhập —</option><option value="1"<%= f.value === '1' ? ' selected' : '' %>>Có</option>
<option value="0"<%= f.value === '0' ? ' selected' : '' %>>Không</option></select><%
} else { %><input id="<%= id %>" name="v.<%= f.code %>" type="text" inputmode="numeric" autocomplete="off" value="<%= f.value %>"
aria-describedby="<%= described %>"<%= f.errors.length ? ' aria-invalid=true' : '' %><%= f.required ? ' aria-required=true' : '' %>><% } %><%
if (f.unit) { %><span class="u" id="u-<%= f.code %>"><%= f.unit %></span><% } %></div><small id="h-<%= f.code %>"><%= f.hint %></small>
<% for (const e of f.errors) { %><p class="error" id="e-<%= f.code %>"><%= e %></p><% } %><% for (const w of f.warnings) { %><p class="warn" id="w-<%= f.code %>"><%= w %></p><% } %>
</div><% } %>
<% for (const s of section.sums) { %><p class="calc"<%= s.hidden ? ' hidden' : '' %>><%= s.label %> (tự tính): <output id="s-<%= s.code %>" data-sum="<%= s.parts %>" aria-live="polite"><%= s.shown
%></output> <%= s.unit %></p><% } %>
<% for (const r of section.rates) { %><p class="rate"><%= r.label %>: <output data-rate data-n="<%= r.numerator %>" data-d="<%= r.denominator %>"<%=
r.ratio ? ' data-ratio=1' : '' %> aria-live="polite"><%= r.shown %></output></p><% } %>
</fieldset><% } %>
<div class="actions"><% if (it.confirm) { %><input type="hidden" name="confirm" value="1"><% } %>
<button type="submit" name="action" value="submit"><%= it.confirm ? 'Xác nhận và nộp' : 'Nộp báo cáo' %></button><%
if (it.drafts) { %><button type="submit" class="sec" name="action" value="draft">Lưu nháp</button><% } %></div>
</form>`,
);

export const periodLinks = (links: PeriodLinkView[]): string => periodListTemplate(links);

export interface ReceiptRowView {
  label: string;
  value: string;
  note: string;
}

export interface ReceiptView {
  schoolName: string;
  draft: boolean;
  periodLabel: string;
  version: number;
  submissionId: string;
  when: string;
  timing: string;
  late: boolean;
  editHref: string;
  historyHref: string;
  sections: { title: string; rows: ReceiptRowView[] }[];
}

export const receiptBody = template<ReceiptView>(
  `<h1><%= it.schoolName %></h1>
<div class="box <%= it.draft ? 'draft' : 'ok' %>" role="status"><h2><%= it.draft ? 'Đã lưu nháp' : 'Đã ghi nhận báo cáo' %> <%= it.periodLabel %></h2>
<p>Phiên bản <%= it.version %>, lúc <%= it.when %> — <% if (it.draft) { %>bản nháp chưa được tính là đã nộp; khi đủ số liệu, hãy mở lại biểu mẫu và bấm
“Nộp báo cáo”.<% } else if (it.late) { %><strong>nộp muộn</strong> <%= it.timing %>.<% } else { %>đúng hạn <%= it.timing %>.<% } %></p>
<p>Mã biên nhận: <%= it.submissionId %></p></div>
<div class="actions noprint"><a class="b" href="<%= it.editHref %>"><%= it.draft ? 'Tiếp tục điền báo cáo' : 'Sửa báo cáo này' %></a>
<a class="b" href="<%= it.historyHref %>">Lịch sử các lần nộp</a><button type="button" class="sec" data-print hidden>In biên nhận</button></div>
<% for (const section of it.sections) { %><section><h2><%= section.title %></h2><table><tbody><% for (const row of section.rows) { %>
<tr><th scope="row"><%= row.label %><% if (row.note) { %> <small>(<%= row.note %>)</small><% } %></th><td class="n"><%= row.value %></td></tr><% } %>
</tbody></table></section><% } %>`,
);

export interface HistoryChangeView {
  label: string;
  from: string;
  to: string;
}

export interface HistoryVersionView {
  version: number;
  when: string;
  by: string;
  source: string;
  state: string;
  changes: HistoryChangeView[];
}

export interface HistoryView {
  schoolName: string;
  periodLabel: string;
  formHref: string;
  versions: HistoryVersionView[];
}

export const historyBody = template<HistoryView>(
  `<h1><%= it.schoolName %></h1><p class="meta">Lịch sử các lần nộp · <strong><%= it.periodLabel %></strong></p>
<p class="noprint"><a class="b" href="<%= it.formHref %>">Quay lại biểu mẫu</a></p>
<% if (!it.versions.length) { %><p>Trường chưa nộp lần nào cho kỳ này.</p><% } %>
<ol class="hist" reversed><% for (const v of it.versions) { %><li id="v<%= v.version %>"><h2>Lần <%= v.version %> · <%= v.state %></h2>
<p>Lúc <%= v.when %> · <%= v.source %> · người nộp: <%= v.by %></p><% if (v.changes.length) { %><ul><% for (const c of v.changes) { %>
<li><%= c.label %>: <%= c.from %> → <strong><%= c.to %></strong></li><% } %></ul><% } else { %><p>Không thay đổi số liệu.</p><% } %></li><% } %></ol>`,
);

export const problemBody = template<{ title: string; message: string }>(
  `<h1><%= it.title %></h1><div class="box err" role="alert"><p><%= it.message %></p></div>`,
);
