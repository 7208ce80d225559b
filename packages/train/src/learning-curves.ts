import { checkObject } from './internal/check.js';
import type { Callback, EpochLog } from './types.js';

export interface LearningCurvesOptions {
  /** Called with each epoch's row, its JSON line and the whole CSV so far (e.g. to write files). */
  onEpoch?: (row: EpochLog, jsonLine: string, csv: string) => void | Promise<void>;
}

export interface LearningCurves extends Callback {
  readonly rows: readonly EpochLog[];
  /** One JSON object per line per epoch. */
  toJsonLines(): string;
  /** A header and one row per epoch; absent figures are empty. */
  toCsv(): string;
}

export const CURVE_COLUMNS = ['epoch', 'loss', 'accuracy', 'topK', 'valLoss', 'valAccuracy', 'valTopK', 'lr', 'steps', 'seconds', 'samplesPerSecond'] as const;

/** CSV of epoch logs with the `CURVE_COLUMNS` header. */
export function curvesCsv(rows: readonly EpochLog[]): string {
  const cell = (v: unknown) => (typeof v === 'number' ? String(v) : '');
  return [CURVE_COLUMNS.join(','), ...rows.map((r) => CURVE_COLUMNS.map((c) => cell((r as unknown as Record<string, unknown>)[c])).join(','))].join('\n') + '\n';
}

/** Records the learning curves epoch by epoch as JSON lines and CSV (Keras's `CSVLogger`). */
export function learningCurves(options: LearningCurvesOptions = {}): LearningCurves {
  checkObject('learningCurves', 'options', options);
  const rows: EpochLog[] = [];
  return {
    name: 'learningCurves',
    rows,
    toJsonLines: () => rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : ''),
    toCsv: () => curvesCsv(rows),
    onTrainBegin(ctx) {
      rows.splice(0, rows.length, ...ctx.history.epochs);
    },
    async onEpochEnd(_ctx, log) {
      rows.push({ ...log });
      await options.onEpoch?.(log, JSON.stringify(log), curvesCsv(rows));
    },
  };
}
