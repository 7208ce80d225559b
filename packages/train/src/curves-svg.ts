import type { EpochLog } from './types.js';

const COLORS = { loss: '#1f77b4', valLoss: '#ff7f0e', accuracy: '#2ca02c', valAccuracy: '#d62728' };

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}

/**
 * The learning curves as a standalone SVG: loss and validation loss on the left panel, accuracy
 * and validation accuracy on the right, per epoch. Browser-safe (a string); `dl-train` writes it.
 */
export function curvesSvg(epochs: readonly EpochLog[], options: { title?: string; width?: number; height?: number } = {}): string {
  const W = options.width ?? 760;
  const H = options.height ?? 300;
  const pad = { l: 48, r: 12, t: 36, b: 36 };
  const pw = (W - 3 * pad.l) / 2;
  const ph = H - pad.t - pad.b;
  const xs = epochs.map((e) => e.epoch);
  let xMin = xs.length ? Math.min(...xs) : 0;
  let xMax = xs.length ? Math.max(...xs) : 1;
  if (xMax === xMin) [xMin, xMax] = [xMin - 0.5, xMax + 0.5];
  const tickEvery = Math.max(1, Math.ceil((xMax - xMin) / 10));
  const panel = (ox: number, keys: (keyof typeof COLORS)[], label: string, fixed?: [number, number]) => {
    const vals = epochs.flatMap((e) => keys.map((k) => e[k]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v)));
    let [lo, hi] = fixed ?? [Math.min(...vals, Infinity), Math.max(...vals, -Infinity)];
    if (!Number.isFinite(lo) || !Number.isFinite(hi)) [lo, hi] = [0, 1];
    if (hi - lo < 1e-9) [lo, hi] = [lo - 0.5, hi + 0.5];
    const margin = (hi - lo) * 0.06;
    [lo, hi] = [lo - margin, hi + margin];
    const X = (x: number) => ox + ((x - xMin) / (xMax - xMin)) * pw;
    const Y = (y: number) => pad.t + ph - ((y - lo) / (hi - lo)) * ph;
    const parts = [`<rect x="${ox}" y="${pad.t}" width="${pw}" height="${ph}" fill="none" stroke="#999"/>`, `<text x="${ox + pw / 2}" y="${pad.t - 8}" text-anchor="middle">${label}</text>`];
    for (let i = 0; i <= 4; i++) {
      const v = lo + ((hi - lo) * i) / 4;
      parts.push(`<text x="${ox - 4}" y="${Y(v) + 4}" text-anchor="end" font-size="10">${v.toPrecision(3)}</text>`);
    }
    for (let e = Math.ceil(xMin); e <= xMax; e += tickEvery) parts.push(`<text x="${X(e)}" y="${pad.t + ph + 13}" text-anchor="middle" font-size="10">${e}</text>`);
    parts.push(`<text x="${ox + pw / 2}" y="${H - 6}" text-anchor="middle" font-size="11">epoch</text>`);
    keys.forEach((k, j) => {
      const pts = epochs.filter((e) => typeof e[k] === 'number' && Number.isFinite(e[k] as number)).map((e) => `${X(e.epoch).toFixed(1)},${Y(e[k] as number).toFixed(1)}`);
      if (pts.length) {
        parts.push(`<polyline fill="none" stroke="${COLORS[k]}" stroke-width="2" points="${pts.join(' ')}"/>`);
        for (const p of pts) parts.push(`<circle cx="${p.split(',')[0]}" cy="${p.split(',')[1]}" r="2.5" fill="${COLORS[k]}"/>`);
      }
      // Legend under the axis, left and right of 'epoch', clear of the curves.
      parts.push(`<text x="${j === 0 ? ox : ox + pw}" y="${H - 6}" text-anchor="${j === 0 ? 'start' : 'end'}" font-size="11" fill="${COLORS[k]}">— ${k}</text>`);
    });
    return parts.join('\n');
  };
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    options.title ? `<text x="${W / 2}" y="14" text-anchor="middle" font-weight="bold">${esc(options.title)}</text>` : '',
    panel(pad.l, ['loss', 'valLoss'], 'loss'),
    panel(2 * pad.l + pw, ['accuracy', 'valAccuracy'], 'accuracy'),
    '</svg>',
    '',
  ].join('\n');
}
