import { checkNumber, checkObject } from './internal/check.js';
import type { EpochLog, History } from './types.js';

export type Diagnosis = 'diverging' | 'underfitting' | 'overfitting' | 'good';

export interface DiagnoseOptions {
  /** Train − validation accuracy above this is overfitting. Default 0.05. */
  gap?: number;
  /** Validation loss this far (relative) above its minimum at the end is overfitting. Default 0.1. */
  rise?: number;
  /** Training accuracy below this is underfitting. Default 0.6. */
  minAccuracy?: number;
  /** Relative drop of the training loss over the last third above this: still learning, underfitting. Default 0.1. */
  stillImproving?: number;
}

export interface CurveDiagnosis {
  verdict: Diagnosis;
  reasons: string[];
  bestEpoch: number | undefined;
}

/**
 * Reads the learning curves the way the notes do (seed 003): a rising or non-finite training loss
 * is divergence (the learning rate is too high); a training loss that is still falling fast, or a
 * low training accuracy, is under-fitting (train longer, a bigger model); a validation loss that
 * turned up from its minimum or a large train/validation gap is over-fitting (regularise, early
 * stop at `bestEpoch`); otherwise right-fitting.
 */
export function diagnoseCurves(history: History | readonly EpochLog[], options: DiagnoseOptions = {}): CurveDiagnosis {
  const fn = 'diagnoseCurves';
  checkObject(fn, 'options', options);
  const gap = checkNumber(fn, 'gap', options.gap, (v) => v >= 0, '>= 0', 0.05);
  const rise = checkNumber(fn, 'rise', options.rise, (v) => v >= 0, '>= 0', 0.1);
  const minAccuracy = checkNumber(fn, 'minAccuracy', options.minAccuracy, (v) => v >= 0 && v <= 1, 'in [0, 1]', 0.6);
  const stillImproving = checkNumber(fn, 'stillImproving', options.stillImproving, (v) => v >= 0, '>= 0', 0.1);
  const epochs = Array.isArray(history) ? (history as EpochLog[]) : (history as History).epochs;
  if (!Array.isArray(epochs) || epochs.length === 0) throw new RangeError(`${fn}: the history has no epochs`);
  const first = epochs[0]!;
  const last = epochs[epochs.length - 1]!;
  const reasons: string[] = [];
  const vals = epochs.map((e) => e.valLoss).filter((v): v is number => typeof v === 'number');
  let bestEpoch: number | undefined;
  if (vals.length === epochs.length) {
    let best = Infinity;
    for (const e of epochs) if (e.valLoss! < best) [best, bestEpoch] = [e.valLoss!, e.epoch];
  }
  if (epochs.some((e) => !Number.isFinite(e.loss)) || (epochs.length > 1 && last.loss > first.loss * 1.05)) {
    reasons.push(`training loss went from ${first.loss.toPrecision(4)} to ${last.loss.toPrecision(4)}: lower the learning rate (divide by 3)`);
    return { verdict: 'diverging', reasons, bestEpoch };
  }
  if (bestEpoch !== undefined && bestEpoch < last.epoch) {
    const best = epochs.find((e) => e.epoch === bestEpoch)!.valLoss!;
    if (last.valLoss! > best * (1 + rise)) reasons.push(`validation loss rose from ${best.toPrecision(4)} (epoch ${bestEpoch}) to ${last.valLoss!.toPrecision(4)}`);
  }
  if (last.valAccuracy !== undefined && last.accuracy - last.valAccuracy > gap) {
    reasons.push(`training accuracy ${last.accuracy.toFixed(3)} exceeds validation accuracy ${last.valAccuracy.toFixed(3)} by more than ${gap}`);
  }
  if (reasons.length) {
    reasons.push('regularise (weight decay, dropout, augmentation), get more data, or stop early' + (bestEpoch ? ` at epoch ${bestEpoch}` : ''));
    return { verdict: 'overfitting', reasons, bestEpoch };
  }
  const third = epochs[Math.max(0, Math.floor((epochs.length * 2) / 3) - 1)]!;
  if (last.accuracy < minAccuracy) reasons.push(`training accuracy is only ${last.accuracy.toFixed(3)}`);
  if (epochs.length >= 3 && (third.loss - last.loss) / third.loss > stillImproving) reasons.push(`training loss still fell ${(((third.loss - last.loss) / third.loss) * 100).toFixed(0)}% over the last third`);
  if (reasons.length) {
    reasons.push('train longer, raise the learning rate or the capacity, or regularise less');
    return { verdict: 'underfitting', reasons, bestEpoch };
  }
  reasons.push('training and validation curves have flattened together');
  return { verdict: 'good', reasons, bestEpoch };
}
