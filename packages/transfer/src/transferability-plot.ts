import type { TransferabilityCurve, TransferSummaryRow } from './transferability-curve.js';

// Yosinski et al.'s figure: white/blue BnB, red AnB, plus for fine-tuned; here one color per mode.
const STYLE: Record<string, { color: string; dash?: string; label: string }> = {
  BnB: { color: '#1f77b4', label: 'BnB (frozen, self)' },
  'BnB+': { color: '#1f77b4', dash: '5 3', label: 'BnB+ (fine-tuned, self)' },
  AnB: { color: '#d62728', label: 'AnB (frozen, transferred)' },
  'AnB+': { color: '#d62728', dash: '5 3', label: 'AnB+ (fine-tuned, transferred)' },
};

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/**
 * The transferability curve as a standalone SVG (browser-safe string): test accuracy on B against
 * the layers copied n, a line per mode with mean ± std bars over seeds, and base B (trained on B
 * from scratch) as the dashed grey reference line, as in Yosinski et al. 2014's Figure 2.
 */
export function transferabilityPlot(curve: TransferabilityCurve, options: { title?: string; width?: number; height?: number } = {}): string {
  const W = options.width ?? 640;
  const H = options.height ?? 380;
  const pad = { l: 56, r: 200, t: 36, b: 44 };
  const pw = W - pad.l - pad.r;
  const ph = H - pad.t - pad.b;
  const rows = curve.summary;
  const base = rows.find((r) => r.kind === 'baseB');
  const lines = ['BnB', 'BnB+', 'AnB', 'AnB+'].map((k) => [k, rows.filter((r) => r.kind === k).sort((a, b) => a.n - b.n)] as const).filter(([, rs]) => rs.length > 0);
  const ns = rows.filter((r) => r.kind !== 'baseB').map((r) => r.n);
  const nMin = Math.min(...ns, 1);
  const nMax = Math.max(...ns, nMin + 1);
  const ys = rows.flatMap((r) => [r.mean - r.std, r.mean + r.std]).filter(Number.isFinite);
  let lo = Math.min(...ys, 1);
  let hi = Math.max(...ys, 0);
  if (hi - lo < 1e-6) [lo, hi] = [lo - 0.05, hi + 0.05];
  const margin = (hi - lo) * 0.08;
  [lo, hi] = [lo - margin, hi + margin];
  const X = (n: number) => pad.l + ((n - nMin + 0.5) / (nMax - nMin + 1)) * pw;
  const Y = (y: number) => pad.t + ph - ((y - lo) / (hi - lo)) * ph;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${pad.l + pw / 2}" y="20" text-anchor="middle" font-size="14">${esc(options.title ?? 'Transferability: test accuracy on B by layers copied')}</text>`,
    `<rect x="${pad.l}" y="${pad.t}" width="${pw}" height="${ph}" fill="none" stroke="#999"/>`,
  ];
  for (let i = 0; i <= 5; i++) {
    const v = lo + ((hi - lo) * i) / 5;
    out.push(`<line x1="${pad.l}" x2="${pad.l + pw}" y1="${Y(v)}" y2="${Y(v)}" stroke="#eee"/>`, `<text x="${pad.l - 6}" y="${Y(v) + 4}" text-anchor="end" font-size="10">${v.toFixed(3)}</text>`);
  }
  for (let n = nMin; n <= nMax; n++) out.push(`<text x="${X(n)}" y="${pad.t + ph + 16}" text-anchor="middle" font-size="11">${n}</text>`);
  out.push(`<text x="${pad.l + pw / 2}" y="${H - 8}" text-anchor="middle">layers copied (n)</text>`);
  out.push(`<text transform="translate(14 ${pad.t + ph / 2}) rotate(-90)" text-anchor="middle">test accuracy on B</text>`);
  if (base !== undefined) {
    out.push(`<line x1="${pad.l}" x2="${pad.l + pw}" y1="${Y(base.mean)}" y2="${Y(base.mean)}" stroke="#777" stroke-dasharray="2 3"/>`);
  }
  const offsets = new Map(lines.map(([k], i) => [k, (i - (lines.length - 1) / 2) * 4]));
  for (const [kind, rs] of lines) {
    const s = STYLE[kind]!;
    const dx = offsets.get(kind)!;
    out.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''} points="${rs.map((r) => `${X(r.n) + dx},${Y(r.mean)}`).join(' ')}"/>`);
    for (const r of rs) out.push(...marker(r, X(r.n) + dx, Y, s.color, kind.endsWith('+')));
  }
  const legend = [...lines.map(([k]) => [STYLE[k]!.label, STYLE[k]!.color, STYLE[k]!.dash] as const), ...(base ? [[`base B ${base.mean.toFixed(3)}`, '#777', '2 3'] as const] : [])];
  legend.forEach(([label, color, dash], i) => {
    const y = pad.t + 14 + i * 18;
    const x = pad.l + pw + 12;
    out.push(`<line x1="${x}" x2="${x + 24}" y1="${y - 4}" y2="${y - 4}" stroke="${color}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`, `<text x="${x + 30}" y="${y}">${esc(label)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n');
}

function marker(r: TransferSummaryRow, x: number, Y: (y: number) => number, color: string, hollow: boolean): string[] {
  const parts = [];
  if (r.std > 0) parts.push(`<line x1="${x}" x2="${x}" y1="${Y(r.mean - r.std)}" y2="${Y(r.mean + r.std)}" stroke="${color}"/>`);
  parts.push(`<circle cx="${x}" cy="${Y(r.mean)}" r="4" fill="${hollow ? 'white' : color}" stroke="${color}" stroke-width="1.5"/>`);
  return parts;
}
