import type { TrialRecord } from '@dl/train';

const COLORS: Record<string, string> = { done: '#1f77b4', stopped: '#ff7f0e', diverged: '#d62728' };
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The metric against each numeric parameter, one panel per parameter (log axis when the values
 * span more than a factor of 20), points coloured by status (done, stopped by ASHA, diverged at
 * the axis' top). An SVG document.
 */
export function resultsPlot<P extends Record<string, unknown>>(trials: readonly TrialRecord<P>[], options: { metric?: string; title?: string } = {}): string {
  if (!Array.isArray(trials)) throw new TypeError(`resultsPlot: trials must be search's trials array, got ${String(trials)}`);
  const metric = options.metric ?? 'score';
  const keys = [...new Set(trials.flatMap((t) => Object.keys(t.params)))].filter((k) => trials.some((t) => typeof t.params[k] === 'number'));
  const W = 320;
  const H = 240;
  const m = { l: 56, r: 12, t: 28, b: 40 };
  const finite = trials.map((t) => t.score).filter(Number.isFinite);
  const yLo = finite.length ? Math.min(...finite) : 0;
  const yHi = finite.length ? Math.max(...finite) : 1;
  const ySpan = yHi - yLo || 1;
  const y = (v: number) => (Number.isFinite(v) ? m.t + (1 - (v - yLo) / ySpan) * (H - m.t - m.b) : m.t - 8);
  const panels = keys.map((k, p) => {
    const xs = trials.map((t) => t.params[k]).filter((v): v is number => typeof v === 'number');
    let lo = Math.min(...xs);
    let hi = Math.max(...xs);
    const log = lo > 0 && hi / lo > 20;
    const f = (v: number) => (log ? Math.log10(v) : v);
    lo = f(lo);
    hi = f(hi);
    const span = hi - lo || 1;
    const x = (v: number) => m.l + ((f(v) - lo) / span) * (W - m.l - m.r);
    const dots = trials
      .filter((t) => typeof t.params[k] === 'number')
      .map((t) => `<circle cx="${x(t.params[k] as number).toFixed(1)}" cy="${y(t.score).toFixed(1)}" r="4" fill="${COLORS[t.status]}" fill-opacity="0.8"><title>${esc(`trial ${t.index}:${t.retry} ${k}=${String(t.params[k])} ${metric}=${t.score} (${t.status}, ${t.epochs} epochs)`)}</title></circle>`)
      .join('');
    const fmt = (v: number) => (log ? `1e${v.toFixed(1)}` : Number(v.toPrecision(3)).toString());
    return `<g transform="translate(${p * W},0)"><rect x="${m.l}" y="${m.t}" width="${W - m.l - m.r}" height="${H - m.t - m.b}" fill="none" stroke="#999"/>${dots}` +
      `<text x="${(W + m.l - m.r) / 2}" y="${H - 8}" text-anchor="middle" font-size="12">${esc(k)}${log ? ' (log)' : ''}</text>` +
      `<text x="${m.l}" y="${H - m.b + 14}" font-size="10">${fmt(lo)}</text><text x="${W - m.r}" y="${H - m.b + 14}" font-size="10" text-anchor="end">${fmt(hi)}</text>` +
      `<text x="${m.l - 4}" y="${m.t + 10}" font-size="10" text-anchor="end">${Number(yHi.toPrecision(3))}</text><text x="${m.l - 4}" y="${H - m.b}" font-size="10" text-anchor="end">${Number(yLo.toPrecision(3))}</text>` +
      `<text x="14" y="${(H - m.b + m.t) / 2}" font-size="12" transform="rotate(-90 14 ${(H - m.b + m.t) / 2})" text-anchor="middle">${esc(metric)}</text></g>`;
  });
  const width = Math.max(1, keys.length) * W;
  const legend = Object.entries(COLORS).map(([s, c], i) => `<circle cx="${m.l + i * 90}" cy="12" r="4" fill="${c}"/><text x="${m.l + 8 + i * 90}" y="16" font-size="11">${s}</text>`).join('');
  const title = options.title ? `<text x="${width - 8}" y="16" font-size="12" text-anchor="end">${esc(options.title)}</text>` : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${H}" viewBox="0 0 ${width} ${H}" font-family="sans-serif"><rect width="100%" height="100%" fill="white"/>${legend}${title}${panels.join('')}</svg>\n`;
}
