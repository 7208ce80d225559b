import type { EpochLog } from '@dl/train';

/** The per-epoch figures as an aligned text table. */
export function summaryTable(epochs: readonly EpochLog[]): string {
  const head = ['epoch', 'loss', 'acc', 'val loss', 'val acc', 'lr', 'samples/s', 'seconds'];
  const f = (v: number | undefined, d = 4) => (v === undefined ? '-' : Number.isFinite(v) ? v.toFixed(d) : String(v));
  const rows = epochs.map((e) => [String(e.epoch), f(e.loss), f(e.accuracy), f(e.valLoss), f(e.valAccuracy), e.lr.toExponential(2), f(e.samplesPerSecond, 0), f(e.seconds, 1)]);
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padStart(width[i]!)).join(' | ')} |\n`;
  return line(head) + `|${width.map((w) => '-'.repeat(w + 2)).join('|')}|\n` + rows.map(line).join('');
}

/** The variants' test figures (@dl/ensemble) as an aligned text table; a loss that is not defined (vote, max) is '-'. */
export function variantsTable(variants: readonly { description: string; scores: { loss: number; accuracy: number; topK?: number } }[]): string {
  const head = ['variant', 'test acc', 'test loss', 'top-3 acc'];
  const f = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '-' : v.toFixed(4));
  const rows = variants.map((v) => [v.description, f(v.scores.accuracy), f(v.scores.loss), f(v.scores.topK)]);
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(width[i]!) : c.padStart(width[i]!))).join(' | ')} |\n`;
  return line(head) + `|${width.map((w) => '-'.repeat(w + 2)).join('|')}|\n` + rows.map(line).join('');
}
