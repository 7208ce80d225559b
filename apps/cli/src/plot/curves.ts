import * as Plot from '@observablehq/plot';
import type { EpochLog } from '@dl/train';
import { legendPanel, paddedExtent } from './chart.js';
import type { Chart, LegendEntry } from './chart.js';

type Series = 'loss' | 'valLoss' | 'accuracy' | 'valAccuracy';
const COLORS: Record<Series, string> = { loss: '#1f77b4', valLoss: '#ff7f0e', accuracy: '#2ca02c', valAccuracy: '#d62728' };
const HEIGHT = 270;

/**
 * The learning curves, what `dl-train` writes as curves.svg: loss and validation loss against the
 * epoch in the left panel, accuracy and validation accuracy in the right (each its own y scale),
 * a line with a dot per epoch for each series that has figures.
 */
export function curvesChart(epochs: readonly EpochLog[], options: { title?: string } = {}): Chart {
  const xs = epochs.map((e) => e.epoch);
  let [xMin, xMax] = xs.length ? [Math.min(...xs), Math.max(...xs)] : [0, 1];
  if (xMax === xMin) [xMin, xMax] = [xMin - 0.5, xMax + 0.5];
  const every = Math.max(1, Math.ceil((xMax - xMin) / 10));
  const ticks: number[] = [];
  for (let e = Math.ceil(xMin); e <= xMax; e += every) ticks.push(e);
  const drawn = (k: Series) => epochs.filter((e) => typeof e[k] === 'number' && Number.isFinite(e[k])).map((e) => ({ epoch: e.epoch, value: e[k] as number }));
  const panel = (keys: Series[], label: string): Plot.PlotOptions => ({
    width: 320,
    height: HEIGHT,
    marginLeft: 48,
    marginRight: 16,
    x: { domain: [xMin, xMax], ticks, tickFormat: 'd', label: 'epoch' },
    y: { domain: paddedExtent(keys.flatMap((k) => drawn(k).map((p) => p.value)), 0.06), grid: true, label },
    marks: [
      Plot.frame({ stroke: '#999' }),
      ...keys.flatMap((k) => [Plot.line(drawn(k), { x: 'epoch', y: 'value', stroke: COLORS[k], strokeWidth: 2 }), Plot.dot(drawn(k), { x: 'epoch', y: 'value', r: 2.5, fill: COLORS[k] })]),
    ],
  });
  const legend: LegendEntry[] = (Object.keys(COLORS) as Series[]).filter((k) => drawn(k).length > 0).map((k) => ({ label: k, color: COLORS[k], marker: 'filled' }));
  return {
    ...(options.title !== undefined ? { title: options.title } : {}),
    panels: [panel(['loss', 'valLoss'], 'loss'), panel(['accuracy', 'valAccuracy'], 'accuracy'), ...(legend.length ? [legendPanel(legend, { width: 120, height: HEIGHT })] : [])],
  };
}
