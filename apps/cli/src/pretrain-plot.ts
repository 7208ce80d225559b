import type { PretrainSummaryRow } from './pretrain.js';

// One colour per method; the linear probe solid, fine-tuning dashed, scratch and the untrained probe grey.
const COLOR: Record<string, string> = { scratch: '#555', random: '#aaa', autoencoder: '#1f77b4', contrastive: '#2ca02c', simclr: '#d62728' };
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/**
 * Test accuracy against the labelled images (log scale), a line per (method, mode) with mean ± std
 * bars over seeds: what `dl-train pretrain` writes as pretrain.svg. `sizes[i]` is the number of
 * images of the i-th label size (`'all'` resolved).
 */
export function pretrainPlot(summary: readonly PretrainSummaryRow[], sizes: readonly number[], options: { title?: string; width?: number; height?: number } = {}): string {
  const W = options.width ?? 680;
  const H = options.height ?? 400;
  const pad = { l: 56, r: 230, t: 36, b: 44 };
  const pw = W - pad.l - pad.r;
  const ph = H - pad.t - pad.b;
  const labelsOf = [...new Set(summary.map((r) => r.labels))];
  const size = (l: number | 'all') => sizes[labelsOf.indexOf(l)] ?? (l === 'all' ? Math.max(...sizes) : l);
  const xs = summary.map((r) => Math.log10(size(r.labels)));
  const [x0, x1] = [Math.min(...xs), Math.max(...xs, Math.min(...xs) + 1)];
  const ys = summary.flatMap((r) => [r.mean - r.std, r.mean + r.std]).filter(Number.isFinite);
  let [lo, hi] = [Math.min(...ys, 1), Math.max(...ys, 0)];
  if (hi - lo < 1e-6) [lo, hi] = [lo - 0.05, hi + 0.05];
  [lo, hi] = [lo - (hi - lo) * 0.08, hi + (hi - lo) * 0.08];
  const X = (l: number | 'all') => pad.l + 20 + ((Math.log10(size(l)) - x0) / (x1 - x0)) * (pw - 40);
  const Y = (y: number) => pad.t + ph - ((y - lo) / (hi - lo)) * ph;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${pad.l + pw / 2}" y="20" text-anchor="middle" font-size="14">${esc(options.title ?? 'Proxy-task pre-training')}</text>`,
    `<rect x="${pad.l}" y="${pad.t}" width="${pw}" height="${ph}" fill="none" stroke="#999"/>`,
  ];
  for (let i = 0; i <= 5; i++) {
    const v = lo + ((hi - lo) * i) / 5;
    out.push(`<line x1="${pad.l}" x2="${pad.l + pw}" y1="${Y(v)}" y2="${Y(v)}" stroke="#eee"/>`, `<text x="${pad.l - 6}" y="${Y(v) + 4}" text-anchor="end" font-size="10">${v.toFixed(3)}</text>`);
  }
  for (const l of labelsOf) out.push(`<text x="${X(l)}" y="${pad.t + ph + 16}" text-anchor="middle" font-size="11">${l === 'all' ? `all (${size(l)})` : l}</text>`);
  out.push(`<text x="${pad.l + pw / 2}" y="${H - 8}" text-anchor="middle">labelled training images (log scale)</text>`);
  out.push(`<text transform="translate(14 ${pad.t + ph / 2}) rotate(-90)" text-anchor="middle">test accuracy</text>`);
  const lines = [...new Set(summary.map((r) => `${r.method}|${r.mode}`))];
  const legend: string[] = [];
  lines.forEach((key, i) => {
    const rs = summary.filter((r) => `${r.method}|${r.mode}` === key).sort((a, b) => size(a.labels) - size(b.labels));
    const [method, mode] = key.split('|') as [string, string];
    const color = COLOR[method] ?? '#9467bd';
    const dash = mode === 'fine-tune' ? ' stroke-dasharray="6 3"' : method === 'random' ? ' stroke-dasharray="2 3"' : '';
    const dx = (i - (lines.length - 1) / 2) * 3;
    out.push(`<polyline fill="none" stroke="${color}" stroke-width="2"${dash} points="${rs.map((r) => `${X(r.labels) + dx},${Y(r.mean)}`).join(' ')}"/>`);
    for (const r of rs) {
      if (r.std > 0) out.push(`<line x1="${X(r.labels) + dx}" x2="${X(r.labels) + dx}" y1="${Y(r.mean - r.std)}" y2="${Y(r.mean + r.std)}" stroke="${color}"/>`);
      out.push(`<circle cx="${X(r.labels) + dx}" cy="${Y(r.mean)}" r="3.5" fill="${mode === 'fine-tune' ? 'white' : color}" stroke="${color}" stroke-width="1.5"/>`);
    }
    const y = pad.t + 14 + i * 18;
    const x = pad.l + pw + 12;
    const name = method === 'scratch' ? 'scratch' : method === 'random' ? 'untrained encoder, probe' : `${method}, ${mode === 'probe' ? 'probe' : 'fine-tuned'}`;
    legend.push(`<line x1="${x}" x2="${x + 24}" y1="${y - 4}" y2="${y - 4}" stroke="${color}" stroke-width="2"${dash}/>`, `<text x="${x + 30}" y="${y}">${esc(name)}</text>`);
  });
  out.push(...legend, '</svg>');
  return out.join('\n');
}
