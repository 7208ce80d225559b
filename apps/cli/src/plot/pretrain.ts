import * as Plot from '@observablehq/plot';
import { legendPanel, paddedExtent } from './chart.js';
import type { Chart, LegendEntry } from './chart.js';

/** A row of `dl-train pretrain`'s summary (structurally `PretrainSummaryRow`). */
export interface PretrainPoint {
  method: string;
  mode: string;
  labels: number | 'all';
  mean: number;
  std: number;
}

// One colour per method; the linear probe solid, fine-tuning dashed, scratch and the untrained probe grey.
const COLOR: Record<string, string> = { scratch: '#555', random: '#aaa', autoencoder: '#1f77b4', contrastive: '#2ca02c', simclr: '#d62728' };
const HEIGHT = 370;

/**
 * Test accuracy against the labelled images (log scale), a line per (method, mode) with mean ± std
 * bars over seeds (lines side by side a few pixels apart): what `dl-train pretrain` writes as
 * pretrain.svg. `sizes[i]` is the number of images of the i-th label size met in `summary`
 * (`'all'` resolved).
 */
export function pretrainChart(summary: readonly PretrainPoint[], sizes: readonly number[], options: { title?: string } = {}): Chart {
  const labelsOf = [...new Set(summary.map((r) => r.labels))];
  const size = (l: number | 'all') => sizes[labelsOf.indexOf(l)] ?? (l === 'all' ? Math.max(...sizes) : l);
  const tickOf = new Map<number, string>(); // images -> tick label, 'all (N)' over N
  for (const l of labelsOf) if (l === 'all' || !tickOf.has(size(l))) tickOf.set(size(l), l === 'all' ? `all (${size(l)})` : String(l));
  const xs = [...tickOf.keys()];
  const x0 = xs.length ? Math.min(...xs) : 1;
  const x1 = Math.max(...xs, x0 * 10);
  const lines = [...new Set(summary.map((r) => `${r.method}|${r.mode}`))];
  const marks: Plot.Markish[] = [Plot.frame({ stroke: '#999' })];
  const legend: LegendEntry[] = [];
  lines.forEach((key, i) => {
    const rs = summary.filter((r) => `${r.method}|${r.mode}` === key).map((r) => ({ ...r, images: size(r.labels) })).sort((a, b) => a.images - b.images);
    const [method, mode] = key.split('|') as [string, string];
    const color = COLOR[method] ?? '#9467bd';
    const dash = mode === 'fine-tune' ? '6 3' : method === 'random' ? '2 3' : undefined;
    const dx = (i - (lines.length - 1) / 2) * 3;
    marks.push(
      Plot.line(rs, { x: 'images', y: 'mean', stroke: color, strokeWidth: 2, strokeDasharray: dash, dx }),
      Plot.ruleX(rs.filter((r) => r.std > 0), { x: 'images', y1: (r: PretrainPoint) => r.mean - r.std, y2: (r: PretrainPoint) => r.mean + r.std, stroke: color, dx }),
      Plot.dot(rs, { x: 'images', y: 'mean', r: 3.5, fill: mode === 'fine-tune' ? 'white' : color, stroke: color, strokeWidth: 1.5, dx }),
    );
    const label = method === 'scratch' ? 'scratch' : method === 'random' ? 'untrained encoder, probe' : `${method}, ${mode === 'probe' ? 'probe' : 'fine-tuned'}`;
    legend.push({ label, color, ...(dash ? { dash } : {}), marker: mode === 'fine-tune' ? 'hollow' : 'filled' });
  });
  return {
    title: options.title ?? 'Proxy-task pre-training',
    panels: [
      {
        width: 450,
        height: HEIGHT,
        marginLeft: 52,
        x: { type: 'log', domain: [x0, x1], inset: 20, ticks: xs, tickFormat: (s: number) => tickOf.get(s) ?? String(s), label: 'labelled training images (log scale)' },
        y: { domain: paddedExtent(summary.flatMap((r) => [r.mean - r.std, r.mean + r.std]), 0.08, 0.05), grid: true, label: 'test accuracy' },
        marks,
      },
      legendPanel(legend, { width: 230, height: HEIGHT }),
    ],
  };
}
