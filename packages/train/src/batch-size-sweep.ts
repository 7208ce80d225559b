import { checkFunction, checkObject, show } from './internal/check.js';
import { fit } from './fit.js';
import type { FitOptions } from './fit.js';

export interface BatchSizeSweepRow {
  batchSize: number;
  samplesPerSecond: number;
  seconds: number;
  steps: number;
  loss: number;
  valLoss?: number;
  valAccuracy?: number;
}

/**
 * Seed 004's batch-size trade-off, measured: for each size, `setup(batchSize)` builds a fresh
 * run (model, optimizer, data...) and `fit` trains it; the rows give throughput (samples/s grows
 * with the batch) against what the same epochs reach (fewer updates with larger batches). Models
 * and optimizers with a `dispose` method are disposed after their run.
 */
export async function batchSizeSweep(options: { sizes: readonly number[]; setup: (batchSize: number) => Omit<FitOptions, 'batchSize'> | Promise<Omit<FitOptions, 'batchSize'>> }): Promise<BatchSizeSweepRow[]> {
  const fn = 'batchSizeSweep';
  checkObject(fn, 'options', options);
  checkFunction(fn, 'setup', options.setup);
  if (!Array.isArray(options.sizes) || options.sizes.length === 0 || options.sizes.some((s) => !Number.isInteger(s) || s < 1)) {
    throw new RangeError(`${fn}: sizes must be a non-empty list of integers >= 1, got ${show(options.sizes)}`);
  }
  const rows: BatchSizeSweepRow[] = [];
  for (const batchSize of options.sizes) {
    const run = await options.setup(batchSize);
    try {
      const { history } = await fit({ ...run, batchSize });
      const eps = history.epochs;
      const last = eps[eps.length - 1]!;
      const seconds = eps.reduce((s, e) => s + e.seconds, 0);
      const row: BatchSizeSweepRow = {
        batchSize,
        samplesPerSecond: eps.reduce((s, e) => s + e.samplesPerSecond, 0) / eps.length,
        seconds,
        steps: eps.reduce((s, e) => s + e.steps, 0),
        loss: last.loss,
      };
      if (last.valLoss !== undefined) row.valLoss = last.valLoss;
      if (last.valAccuracy !== undefined) row.valAccuracy = last.valAccuracy;
      rows.push(row);
    } finally {
      (run.model as { dispose?: () => void }).dispose?.();
      (run.optimizer as { dispose?: () => void }).dispose?.();
    }
  }
  return rows;
}
