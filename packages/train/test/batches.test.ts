import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { batchCount, batches, classWeights } from '../src/index.js';

describe('batches', () => {
  it('yields every example once per pass, shuffled, with the last batch smaller', async () => {
    const x = tf.range(0, 10).reshape([10, 1]);
    const y = tf.range(0, 10, 1, 'int32');
    const seen: number[] = [];
    const sizes: number[] = [];
    for (const b of batches({ x, y }, { batchSize: 4, seed: 0 })) {
      seen.push(...(await b.x.data()));
      expect(Array.from(await b.y.data())).toEqual(Array.from(await b.x.data()));
      sizes.push(b.x.shape[0]!);
      tf.dispose([b.x, b.y]);
    }
    expect(sizes).toEqual([4, 4, 2]);
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 10 }, (_, i) => i));
    expect(seen).not.toEqual(Array.from({ length: 10 }, (_, i) => i));
    const ordered = [...batches({ x, y }, { batchSize: 4, shuffle: false, dropLast: true })];
    expect(ordered.map((b) => b.x.shape[0])).toEqual([4, 4]);
    expect(Array.from(await ordered[1]!.x.data())).toEqual([4, 5, 6, 7]);
    for (const b of ordered) tf.dispose([b.x, b.y]);
    expect([batchCount(10, 4), batchCount(10, 4, true)]).toEqual([3, 2]);
    expect(() => [...batches({ x, y }, { batchSize: 0 })]).toThrow('batches: batchSize must be an integer >= 1, got 0');
    tf.dispose([x, y]);
  });
});

describe('classWeights', () => {
  it("is sklearn's balanced n / (C · count)", async () => {
    const y = tf.tensor1d([0, 0, 0, 1], 'int32');
    expect(await classWeights(y, 3)).toEqual([4 / 9, 4 / 3, 0]);
    await expect(classWeights([0, 3], 3)).rejects.toThrow('classWeights: label 1 is 3, outside [0, 2]');
    y.dispose();
  });
});
