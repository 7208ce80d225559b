import * as Plot from '@observablehq/plot';
import type { TrialRecord } from '@dl/train';
import { legendPanel, paddedExtent } from './chart.js';
import type { Chart } from './chart.js';

const COLORS: Record<TrialRecord<unknown>['status'], string> = { done: '#1f77b4', stopped: '#ff7f0e', diverged: '#d62728' };
const HEIGHT = 240;

/**
 * A search's trials, what `dl-train search` writes as search.svg: the metric against each numeric
 * parameter, one panel per parameter (log axis when its values span more than a factor of 20),
 * a dot per trial coloured by status (done, stopped by ASHA, diverged), a trial without a finite
 * score above the panel's top; each dot's tooltip names the trial.
 */
export function searchChart<P extends Record<string, unknown>>(trials: readonly TrialRecord<P>[], options: { metric?: string; title?: string } = {}): Chart {
  const metric = options.metric ?? 'score';
  const keys = [...new Set(trials.flatMap((t) => Object.keys(t.params)))].filter((k) => trials.some((t) => typeof t.params[k] === 'number'));
  const y = paddedExtent(trials.map((t) => t.score), 0.04);
  const panel = (k: string): Plot.PlotOptions => {
    const dots = trials
      .filter((t) => typeof t.params[k] === 'number')
      .map((t) => ({ x: t.params[k] as number, score: t.score, color: COLORS[t.status], title: `trial ${t.index}:${t.retry} ${k}=${String(t.params[k])} ${metric}=${t.score} (${t.status}, ${t.epochs} epochs)` }));
    const lo = Math.min(...dots.map((d) => d.x));
    const hi = Math.max(...dots.map((d) => d.x));
    const log = lo > 0 && hi / lo > 20;
    const style = { x: 'x', r: 4, fill: (d: (typeof dots)[number]) => d.color, fillOpacity: 0.8, title: 'title' };
    return {
      width: 320,
      height: HEIGHT,
      marginLeft: 56,
      marginTop: 30,
      x: { type: log ? 'log' : 'linear', ...(log ? { tickFormat: '~g' } : {}), label: `${k}${log ? ' (log)' : ''}` }, // 0.001, not Plot's SI 1m
      y: { domain: y, grid: true, label: metric },
      marks: [
        Plot.frame({ stroke: '#999' }),
        Plot.dot(dots.filter((d) => Number.isFinite(d.score)), { ...style, y: 'score' }),
        Plot.dot(dots.filter((d) => !Number.isFinite(d.score)), { ...style, frameAnchor: 'top', dy: -8 }),
      ],
    };
  };
  return {
    ...(options.title !== undefined ? { title: options.title } : {}),
    panels: [...keys.map(panel), legendPanel(Object.entries(COLORS).map(([label, color]) => ({ label, color, line: false, marker: 'filled' })), { width: 120, height: HEIGHT })],
  };
}
