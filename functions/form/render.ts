/**
 * Server-rendered HTML of the school form: works without JavaScript; a small script adds live
 * percentages. Vietnamese, labels tied to inputs, usable at 360 px, keyboard only.
 */
import type { Catalog, Indicator, Period } from '../../schemas/catalog.ts';
import type { Values } from '../../schemas/submission.ts';
import type { UnitItem } from '../../schemas/unit.ts';

export interface FieldMessage {
  code: string;
  message: string;
}

export interface FormModel {
  catalog: Catalog;
  school: UnitItem;
  period: Period;
  periods: Period[];
  dueOn: string;
  token: string;
  values: Record<string, string>;
  errors: Record<string, string[]>;
  generalErrors: string[];
  warnings: Record<string, string[]>;
  idempotencyKey: string;
  latestVersion: number;
}

export const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const vnDate = (iso: string): string => {
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
};

/** The indicators a school enters itself: those of its levels, not rates, not totals computed by a sum rule. */
export const formIndicators = (catalog: Catalog, levels: readonly string[]): Indicator[] => {
  const computed = new Set(catalog.rules.flatMap((rule) => (rule.kind === 'sum' ? [rule.total] : [])));
  return catalog.indicators.filter((i) => i.kind !== 'rate' && !computed.has(i.code) && i.levels.some((level) => levels.includes(level)));
};

const percent = (n: number, d: number, ratio: boolean): string =>
  d === 0
    ? '—'
    : ratio
      ? (n / d).toLocaleString('vi-VN', { maximumFractionDigits: 2 })
      : `${((n / d) * 100).toLocaleString('vi-VN', { maximumFractionDigits: 2 })}%`;

const STYLE = `*{box-sizing:border-box}body{font:16px/1.45 system-ui,sans-serif;margin:0;color:#1b1b1b;background:#f6f7f9}
main{max-width:760px;margin:0 auto;padding:12px}h1{font-size:1.3rem;margin:.2rem 0}.meta{color:#444;margin:.2rem 0 1rem}
fieldset{background:#fff;border:1px solid #d0d4da;border-radius:8px;margin:0 0 12px;padding:8px 12px}legend{font-weight:600;padding:0 4px}
.f{margin:8px 0}.f label{display:block;font-weight:500}.f input,.f select{width:100%;max-width:16rem;font-size:1rem;padding:8px;border:1px solid #8a8f98;border-radius:6px}
.f small{display:block;color:#555}.rate{margin:6px 0;color:#0b5394}.error{color:#a40000;font-weight:600;margin:2px 0}.warn{color:#7a4b00;margin:2px 0}
.f.bad input{border-color:#a40000;outline:2px solid #a40000}.box{border-radius:8px;padding:10px 12px;margin:0 0 12px}.box.err{background:#fde8e8;border:1px solid #a40000}
.box.warn{background:#fff4dc;border:1px solid #c98a00}.box.ok{background:#e6f4ea;border:1px solid #1e7b34}button{font-size:1rem;padding:10px 18px;border-radius:6px;border:0;background:#0b5394;color:#fff;cursor:pointer}
button.secondary{background:#555}a{color:#0b5394}nav{margin:0 0 10px}nav a{margin-right:10px}:focus-visible{outline:3px solid #f3a712;outline-offset:2px}`;

const SCRIPT = `document.querySelectorAll('[data-rate]').forEach(function(o){var n=document.getElementById('f-'+o.dataset.n),d=document.getElementById('f-'+o.dataset.d);
function u(){var a=Number(n&&n.value),b=Number(d&&d.value);o.textContent=b>0?(o.dataset.ratio?(a/b).toLocaleString('vi-VN',{maximumFractionDigits:2}):(a/b*100).toLocaleString('vi-VN',{maximumFractionDigits:2})+'%'):'—';
var bad=!o.dataset.ratio&&b>0&&a>b;o.parentNode.classList.toggle('error',bad)}if(n)n.addEventListener('input',u);if(d)d.addEventListener('input',u);u()});`;

const page = (title: string, body: string): string =>
  `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;

const field = (indicator: Indicator, model: FormModel): string => {
  const id = `f-${indicator.code}`;
  const errors = model.errors[indicator.code] ?? [];
  const warnings = model.warnings[indicator.code] ?? [];
  const value = model.values[indicator.code] ?? '';
  const described = [`h-${indicator.code}`, ...(errors.length ? [`e-${indicator.code}`] : []), ...(warnings.length ? [`w-${indicator.code}`] : [])].join(' ');
  const unit = indicator.kind === 'count' && indicator.unit ? ` (${escapeHtml(indicator.unit)})` : '';
  const input =
    indicator.kind === 'flag'
      ? `<select id="${id}" name="v.${indicator.code}" aria-describedby="${described}"><option value=""${value === '' ? ' selected' : ''}>— chưa nhập —</option><option value="1"${value === '1' ? ' selected' : ''}>Có</option><option value="0"${value === '0' ? ' selected' : ''}>Không</option></select>`
      : `<input id="${id}" name="v.${indicator.code}" type="text" inputmode="numeric" pattern="[0-9]*" autocomplete="off" value="${escapeHtml(value)}" aria-describedby="${described}"${errors.length ? ' aria-invalid="true"' : ''}>`;
  return `<div class="f${errors.length ? ' bad' : ''}"><label for="${id}">${escapeHtml(indicator.label)}${unit}</label>${input}<small id="h-${indicator.code}">${escapeHtml(indicator.hint)}</small>${errors.map((e) => `<p class="error" id="e-${indicator.code}">${escapeHtml(e)}</p>`).join('')}${warnings.map((w) => `<p class="warn" id="w-${indicator.code}">${escapeHtml(w)}</p>`).join('')}</div>`;
};

const rateLine = (rate: Extract<Indicator, { kind: 'rate' }>, model: FormModel): string => {
  const n = Number(model.values[rate.numerator] ?? '');
  const d = Number(model.values[rate.denominator] ?? '');
  const shown = Number.isFinite(n) && Number.isFinite(d) && model.values[rate.denominator] ? percent(n, d, rate.scale === 'ratio') : '—';
  return `<p class="rate">${escapeHtml(rate.label)}: <output data-rate data-n="${rate.numerator}" data-d="${rate.denominator}"${rate.scale === 'ratio' ? ' data-ratio="1"' : ''} aria-live="polite">${shown}</output></p>`;
};

export const renderForm = (model: FormModel): string => {
  const { catalog, school, period } = model;
  const levels = school.levels ?? [];
  const fields = formIndicators(catalog, levels);
  const entered = new Set(fields.map((f) => f.code));
  const rates = catalog.indicators.filter(
    (i): i is Extract<Indicator, { kind: 'rate' }> => i.kind === 'rate' && entered.has(i.numerator) && entered.has(i.denominator),
  );
  const sections = [...new Set(fields.map((f) => f.section))];
  const warningCount = Object.values(model.warnings).flat().length;
  const errorCount = Object.values(model.errors).flat().length + model.generalErrors.length;
  const nav = model.periods
    .map((p) =>
      p.id === period.id
        ? `<strong>${escapeHtml(p.label)}</strong>`
        : `<a href="?t=${encodeURIComponent(model.token)}&amp;period=${encodeURIComponent(p.id)}">${escapeHtml(p.label)}</a>`,
    )
    .join(' ');
  const body = `<h1>${escapeHtml(school.name)}</h1>
<p class="meta">Kỳ báo cáo: <strong>${escapeHtml(period.label)}</strong> · Hạn nộp: <strong>${vnDate(model.dueOn)}</strong>${model.latestVersion > 0 ? ` · Đã nộp ${model.latestVersion} lần; các ô đã điền sẵn số liệu lần gần nhất` : ''}</p>
<nav aria-label="Chọn kỳ báo cáo">${nav}</nav>
${errorCount ? `<div class="box err" role="alert"><strong>Chưa gửi được: có ${errorCount} lỗi cần sửa.</strong>${model.generalErrors.map((e) => `<p>${escapeHtml(e)}</p>`).join('')}</div>` : ''}
${warningCount && !errorCount ? `<div class="box warn" role="alert"><strong>Có ${warningCount} số liệu bất thường.</strong> Kiểm tra lại các ô được đánh dấu; nếu số liệu đúng, bấm “Xác nhận và gửi”.</div>` : ''}
<form method="post" action="/form" novalidate>
<input type="hidden" name="t" value="${escapeHtml(model.token)}"><input type="hidden" name="period" value="${escapeHtml(period.id)}"><input type="hidden" name="idempotencyKey" value="${escapeHtml(model.idempotencyKey)}">
${sections
  .map(
    (section) =>
      `<fieldset><legend>${escapeHtml(section)}</legend>${fields
        .filter((f) => f.section === section)
        .map((f) => field(f, model))
        .join('')}${rates
        .filter((r) => r.section === section)
        .map((r) => rateLine(r, model))
        .join('')}</fieldset>`,
  )
  .join('\n')}
${warningCount && !errorCount ? '<input type="hidden" name="confirm" value="1"><button type="submit">Xác nhận và gửi</button>' : '<button type="submit">Gửi báo cáo</button>'}
</form><script>${SCRIPT}</script>`;
  return page(`Báo cáo ${period.label} · ${school.name}`, body);
};

export interface SuccessModel {
  school: UnitItem;
  period: Period;
  token: string;
  version: number;
  submittedAt: string;
  dueOn: string;
  late: boolean;
  values: Values;
  catalog: Catalog;
}

export const renderSuccess = (model: SuccessModel): string => {
  const time = model.submittedAt.slice(11, 16);
  const labels = new Map(model.catalog.indicators.map((i) => [i.code, i.label]));
  const rows = Object.entries(model.values)
    .map(([code, value]) => `<tr><th scope="row">${escapeHtml(labels.get(code) ?? code)}</th><td>${value.toLocaleString('vi-VN')}</td></tr>`)
    .join('');
  const body = `<h1>${escapeHtml(model.school.name)}</h1>
<div class="box ok" role="status"><strong>Đã ghi nhận báo cáo ${escapeHtml(model.period.label)}</strong>
<p>Phiên bản ${model.version}, lúc ${time} ngày ${vnDate(model.submittedAt)} — ${model.late ? `<strong>nộp muộn</strong> (hạn ${vnDate(model.dueOn)})` : `đúng hạn (hạn ${vnDate(model.dueOn)})`}.</p></div>
<p><a href="/form?t=${encodeURIComponent(model.token)}&amp;period=${encodeURIComponent(model.period.id)}">Sửa báo cáo này</a></p>
<table><caption>Số liệu đã ghi nhận</caption><tbody>${rows}</tbody></table>`;
  return page(`Đã ghi nhận · ${model.school.name}`, body);
};

export const renderProblem = (title: string, message: string): string =>
  page(title, `<h1>${escapeHtml(title)}</h1><div class="box err" role="alert"><p>${escapeHtml(message)}</p></div>`);
