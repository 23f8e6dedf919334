/**
 * Geometry of the dashboard's two SVG bar charts, as plain data (the template draws it, escaping
 * every label): a chosen rate per child with the target line, and the same rate over the years.
 */

export interface BarInput {
  label: string;
  value: number | null;
  /** Shown next to the bar (Vietnamese format). */
  text: string;
  href?: string;
}

export interface Bar extends BarInput {
  x: number;
  y: number;
  width: number;
  height: number;
  labelX: number;
  labelY: number;
  textX: number;
  textY: number;
  met: boolean | null;
}

export interface Chart {
  width: number;
  height: number;
  bars: Bar[];
  /** The target as a line across the bars, with its label. */
  target: { x1: number; y1: number; x2: number; y2: number; label: string; labelX: number; labelY: number } | null;
}

interface Target {
  threshold: number;
  direction: 'atLeast' | 'atMost';
  text: string;
}

/** The axis maximum: 100 % for percentages, else a little above the largest figure or the target. */
const axisMax = (values: (number | null)[], target: Target | undefined, percent: boolean): number => {
  const top = Math.max(0, ...values.map((v) => v ?? 0), target?.threshold ?? 0);
  if (percent) return Math.max(1, top);
  return top === 0 ? 1 : top * 1.15;
};

const metOf = (value: number | null, target: Target | undefined): boolean | null =>
  value === null || !target ? null : target.direction === 'atLeast' ? value >= target.threshold - 1e-9 : value <= target.threshold + 1e-9;

/** One row per child: the name above a horizontal bar, the figure after it; the target as a vertical line. */
export const horizontalBars = (inputs: BarInput[], target: Target | undefined, percent: boolean): Chart => {
  const width = 420;
  const left = 4;
  const room = width - left - 64;
  const row = 34;
  const top = target ? 18 : 4;
  const max = axisMax(
    inputs.map((i) => i.value),
    target,
    percent,
  );
  const scale = (v: number): number => (v / max) * room;
  const bars = inputs.map((input, i): Bar => {
    const y = top + i * row;
    const w = input.value === null ? 0 : Math.max(1, scale(input.value));
    return {
      ...input,
      x: left,
      y: y + 15,
      width: w,
      height: 12,
      labelX: left,
      labelY: y + 11,
      textX: left + w + 4,
      textY: y + 25,
      met: metOf(input.value, target),
    };
  });
  const height = top + inputs.length * row + 4;
  return {
    width,
    height,
    bars,
    target: target
      ? {
          x1: left + scale(target.threshold),
          y1: top - 4,
          x2: left + scale(target.threshold),
          y2: height - 2,
          label: target.text,
          labelX: Math.min(left + scale(target.threshold), width - 4),
          labelY: 12,
        }
      : null,
  };
};

/** One column per school year, the figure above it, the year below; the target as a horizontal line. */
export const verticalBars = (inputs: BarInput[], target: Target | undefined, percent: boolean): Chart => {
  const width = 420;
  const height = 190;
  const base = height - 24;
  const room = base - 28;
  const max = axisMax(
    inputs.map((i) => i.value),
    target,
    percent,
  );
  const slot = Math.min(110, (width - 8) / Math.max(1, inputs.length));
  const barWidth = Math.min(56, slot * 0.6);
  const bars = inputs.map((input, i): Bar => {
    const h = input.value === null ? 0 : Math.max(1, (input.value / max) * room);
    const center = 4 + slot * i + slot / 2;
    return {
      ...input,
      x: center - barWidth / 2,
      y: base - h,
      width: barWidth,
      height: h,
      labelX: center,
      labelY: height - 8,
      textX: center,
      textY: base - h - 5,
      met: metOf(input.value, target),
    };
  });
  const ty = target ? base - (target.threshold / max) * room : 0;
  return {
    width,
    height,
    bars,
    target: target ? { x1: 0, y1: ty, x2: width, y2: ty, label: target.text, labelX: width - 4, labelY: ty - 4 } : null,
  };
};
