import * as Plot from '@observablehq/plot';
import type { TransferabilityCurve, TransferSummaryRow } from '@dl/transfer';
import { legendPanel, paddedExtent } from './chart.js';
import type { Chart, LegendEntry } from './chart.js';

// Yosinski et al.'s figure: white/blue BnB, red AnB, plus for fine-tuned; here one colour per copied base, fine-tuned dashed and hollow.
const STYLE: Record<string, { color: string; dash?: string; label: string }> = {
  BnB: { color: '#1f77b4', label: 'BnB (frozen, self)' },
  'BnB+': { color: '#1f77b4', dash: '5 3', label: 'BnB+ (fine-tuned, self)' },
  AnB: { color: '#d62728', label: 'AnB (frozen, transferred)' },
  'AnB+': { color: '#d62728', dash: '5 3', label: 'AnB+ (fine-tuned, transferred)' },
};
const BASE = { color: '#777', dash: '2 3' };
const HEIGHT = 350;

/**
 * The transferability curve, what `dl-train transfer-curve` writes as transfer-curve.svg: test
 * accuracy on B against the layers copied n, a line per mode with mean ± std bars over seeds
 * (modes side by side a few pixels apart), and base B (trained on B from scratch) as the dashed
 * grey reference line, as in Yosinski et al. 2014's Figure 2.
 */
export function transferabilityChart(curve: TransferabilityCurve, options: { title?: string } = {}): Chart {
  const rows = curve.summary;
  const base = rows.find((r) => r.kind === 'baseB');
  const kinds = ['BnB', 'BnB+', 'AnB', 'AnB+'].filter((k) => rows.some((r) => r.kind === k));
  const ns = rows.filter((r) => r.kind !== 'baseB').map((r) => r.n);
  const nMin = Math.min(...ns, 1);
  const nMax = Math.max(...ns, nMin + 1);
  const marks: Plot.Markish[] = [Plot.frame({ stroke: '#999' })];
  if (base) marks.push(Plot.ruleY([base.mean], { stroke: BASE.color, strokeDasharray: BASE.dash }));
  kinds.forEach((kind, i) => {
    const { color, dash } = STYLE[kind]!;
    const rs = rows.filter((r) => r.kind === kind).sort((a, b) => a.n - b.n);
    const dx = (i - (kinds.length - 1) / 2) * 4;
    marks.push(
      Plot.line(rs, { x: 'n', y: 'mean', stroke: color, strokeWidth: 2, strokeDasharray: dash, dx }),
      Plot.ruleX(rs.filter((r) => r.std > 0), { x: 'n', y1: (r: TransferSummaryRow) => r.mean - r.std, y2: (r: TransferSummaryRow) => r.mean + r.std, stroke: color, dx }),
      Plot.dot(rs, { x: 'n', y: 'mean', r: 4, fill: kind.endsWith('+') ? 'white' : color, stroke: color, strokeWidth: 1.5, dx }),
    );
  });
  const legend: LegendEntry[] = kinds.map((k) => ({ label: STYLE[k]!.label, color: STYLE[k]!.color, ...(STYLE[k]!.dash ? { dash: STYLE[k]!.dash } : {}), marker: k.endsWith('+') ? 'hollow' : 'filled' }));
  if (base) legend.push({ label: `base B ${base.mean.toFixed(3)}`, ...BASE });
  return {
    title: options.title ?? 'Transferability: test accuracy on B by layers copied',
    panels: [
      {
        width: 420,
        height: HEIGHT,
        marginLeft: 52,
        x: { domain: [nMin - 0.5, nMax + 0.5], ticks: Array.from({ length: nMax - nMin + 1 }, (_, i) => nMin + i), tickFormat: 'd', label: 'layers copied (n)' },
        y: { domain: paddedExtent(rows.flatMap((r) => [r.mean - r.std, r.mean + r.std]), 0.08, 0.05), grid: true, label: 'test accuracy on B' },
        marks,
      },
      legendPanel(legend, { width: 220, height: HEIGHT }),
    ],
  };
}
