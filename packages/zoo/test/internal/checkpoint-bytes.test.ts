import { describe, expect, it } from 'vitest';
import { deserializeCheckpoint, encodeWeights, serializeCheckpoint, tf } from '@dl/core';
import { checkpointBytes } from '../../src/internal/checkpoint-bytes.js';

describe('checkpointBytes', () => {
  it('writes exactly what @dl/core\'s serializeCheckpoint writes for the same artifacts', async () => {
    const t = { a: tf.tensor1d([1, 2, 3]), n: tf.scalar(4, 'int32') };
    const mine = checkpointBytes(await encodeWeights(t), { k: 1 });
    expect(mine).toEqual(await serializeCheckpoint(t, { metadata: { k: 1 } }));
    const back = deserializeCheckpoint(mine);
    expect(Array.from(await back.tensors.a!.data())).toEqual([1, 2, 3]);
    tf.dispose([...Object.values(t), ...Object.values(back.tensors)]);
  });
});
