import * as Plot from '@observablehq/plot';

/**
 * A figure of dl-train: Observable Plot options only (no DOM, no Node), so a page can draw the
 * same figure with `Plot.plot` as `chartSvg` draws it into dl-train's SVG files. A figure whose
 * panels need scales of their own (loss and accuracy, one panel per searched parameter) is more
 * than one plot: the panels sit side by side, left to right, under the title.
 */
export interface Chart {
  /** Drawn across the top (`titlePanel`). */
  title?: string;
  /** Complete Plot options each, its own scales; the legend is a panel too (`legendPanel`). */
  panels: Plot.PlotOptions[];
}

/** A legend row: a line (dashed by `dash`) and/or a dot, then the label. */
export interface LegendEntry {
  label: string;
  color: string;
  /** An SVG stroke-dasharray, e.g. `'5 3'`. */
  dash?: string;
  /** Draw the line sample (default true). */
  line?: boolean;
  /** A dot on the sample: filled with `color`, or white inside a `color` ring. */
  marker?: 'filled' | 'hollow';
}

const ROW = 18;
const TOP = 36; // the first row's y: level with the top of the plots' frames

/**
 * A legend drawn with Plot's marks (the SVG then stands alone: Plot's own colour legends are
 * HTML), one row per entry, in a panel `width` x `height` beside the plots.
 */
export function legendPanel(entries: readonly LegendEntry[], options: { width: number; height: number }): Plot.PlotOptions {
  const rows = entries.map((e, i) => ({ ...e, i }));
  return {
    width: options.width,
    height: options.height,
    margin: 0,
    ariaLabel: 'legend',
    // Pixels: x from the panel's left edge plus 8, y in rows from TOP.
    x: { axis: null, domain: [0, 1], range: [8, 9] },
    y: { axis: null, domain: [0, 1], range: [TOP, TOP + ROW] },
    marks: [
      ...rows.filter((e) => e.line !== false).map((e) => Plot.ruleY([e.i], { x1: 0, x2: 24, stroke: e.color, strokeWidth: 2, strokeDasharray: e.dash })),
      Plot.dot(rows.filter((e) => e.marker !== undefined), { x: 12, y: 'i', r: 3.5, fill: (e: LegendEntry) => (e.marker === 'hollow' ? 'white' : e.color), stroke: (e: LegendEntry) => e.color, strokeWidth: 1.5 }),
      Plot.text(rows, { x: 30, y: 'i', text: 'label', textAnchor: 'start', fontSize: 12 }),
    ],
  };
}

/** The figure's title, centred in a strip `width` wide. */
export function titlePanel(title: string, width: number): Plot.PlotOptions {
  return { width, height: 30, margin: 0, ariaLabel: 'title', marks: [Plot.text([title], { text: (d: string) => d, frameAnchor: 'middle', fontSize: 14, fontWeight: 'bold' })] };
}

/** `[lo, hi]` of the finite values, `flat` either side when they are all one, then widened by `margin` of the span; `[0, 1]` for none. */
export function paddedExtent(values: readonly number[], margin: number, flat = 0.5): [number, number] {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return [0, 1];
  let lo = Math.min(...finite);
  let hi = Math.max(...finite);
  if (hi - lo < 1e-9) [lo, hi] = [lo - flat, hi + flat];
  const pad = (hi - lo) * margin;
  return [lo - pad, hi + pad];
}
