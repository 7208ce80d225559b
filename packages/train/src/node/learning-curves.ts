import { writeFileAtomic } from '@dl/core/node';
import { learningCurves as baseCurves } from '../learning-curves.js';
import type { LearningCurves } from '../learning-curves.js';

/** `learningCurves` that also rewrites `jsonl` and/or `csv` files (atomically) after every epoch. */
export function learningCurves(options: { jsonl?: string; csv?: string } = {}): LearningCurves {
  const curves: LearningCurves = baseCurves({
    async onEpoch(_row, _line, csv) {
      if (options.jsonl) await writeFileAtomic(options.jsonl, curves.toJsonLines());
      if (options.csv) await writeFileAtomic(options.csv, csv);
    },
  });
  return curves;
}
