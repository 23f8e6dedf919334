/** An indicator's value and target as a leader reads them (35.585; 1,82; 98,5 %), with the shared formatters. */
import type { Indicator } from '../../schemas/catalog.ts';
import type { IndicatorValue } from '../../schemas/rollup.ts';
import { formatDecimal, formatNumber, formatPercent } from '../commons/html.ts';

/** Rates with up to two decimals, so that 98,97 % never shows as a 99 % that missed its ≥ 99 % target. */
export const rateText = (share: number | null | undefined): string => formatPercent(share, 2);

/** Ratios (teachers per class, plan fulfilment) with exactly two decimals: 1,82; 1,00. */
export const ratioText = (value: number | null | undefined): string =>
  value === null || value === undefined || !Number.isFinite(value)
    ? '—'
    : value.toLocaleString('vi-VN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** A count, a rate in % (or a ratio such as 1,82 teachers per class), a flag's count and share. */
export const indicatorValue = (indicator: Indicator, view: IndicatorValue | undefined): string => {
  if (!view) return '—';
  if (indicator.kind === 'rate') return indicator.scale === 'ratio' ? ratioText(view.value) : rateText(view.value);
  if (indicator.kind === 'flag') return view.share === undefined ? formatNumber(view.value) : `${formatNumber(view.value)} (${rateText(view.share)})`;
  return formatNumber(view.value);
};

/** A target as text: ≥ 98,5 %, ≤ 5 %, ≥ 1,8. */
export const targetText = (indicator: Indicator, view: IndicatorValue | undefined): string => {
  if (!view?.target) return '';
  const sign = view.target.direction === 'atLeast' ? '≥' : '≤';
  const plain = (indicator.kind === 'rate' && indicator.scale === 'ratio') || indicator.kind === 'count';
  return `${sign} ${plain ? formatDecimal(view.target.threshold) : rateText(view.target.threshold)}`;
};

/** A stored time (ISO, +07:00) as "hh:mm dd/mm/yyyy"; "—" when there is none. */
export const whenText = (iso: string | null | undefined, format: (when: string) => string): string => (iso ? format(iso) : '—');
