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
