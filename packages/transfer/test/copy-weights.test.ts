import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { expectTensorsClose } from '@dl/core/testing';
import { copyWeights } from '../src/index.js';
import { smallCnn } from './support.js';

describe('copyWeights', () => {
  it('copies the first n blocks with their batch-norm buffers ("copy the first n layers")', async () => {
    const a = smallCnn(0, 3);
    const b = smallCnn(10, 5);
    tf.tidy(() => a.buffers()['1.runningMean']!.assign(tf.fill([4], 0.5)));
    const names = copyWeights(a, b, { upTo: 2 });
    expect(names).toEqual(['0.kernel', '0.bias', '1.gamma', '1.beta', '4.kernel', '4.bias', '5.gamma', '5.beta', '1.runningMean', '1.runningVar', '1.numBatchesTracked', '5.runningMean', '5.runningVar', '5.numBatchesTracked']);
    await expectTensorsClose(b.parameters()['4.kernel']!, a.parameters()['4.kernel']!, { rtol: 0, atol: 0 });
    await expectTensorsClose(b.buffers()['1.runningMean']!, [0.5, 0.5, 0.5, 0.5], { rtol: 0, atol: 0 });
    a.dispose();
    b.dispose();
  });

  it('checks every name and shape before any assign, listing the mismatches', async () => {
    const a = smallCnn(0, 3);
    const b = smallCnn(10, 5);
    const keep = b.stateDict();
    expect(() => copyWeights(a, b)).toThrow("copyWeights: '13.kernel' is [16, 3] in the source, [16, 5] in the target; '13.bias' is [3] in the source, [5] in the target");
    expect(() => copyWeights({ '0.kernel': a.parameters()['0.kernel']! }, b, { include: '0' })).toThrow("copyWeights: '0.bias' is missing from the source");
    const after = b.stateDict();
    for (const k of Object.keys(keep)) await expectTensorsClose(after[k]!, keep[k]!, { rtol: 0, atol: 0 });
    expect(copyWeights(a, b, { exclude: '13' }).length).toBe(Object.keys(keep).length - 2);
    tf.dispose([...Object.values(keep), ...Object.values(after)]);
    a.dispose();
    b.dispose();
  });
});
