import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { loadWeightsAs } from '../../src/internal/load-weights.js';

describe('loadWeightsAs', () => {
  it('gives the entry and its verified tensors; messages start with the caller', async () => {
    const { entry, tensors } = await loadWeightsAs('me', 'fashion-0-4');
    expect(entry.name).toBe('fashion-0-4');
    expect(tensors['13.bias']!.shape).toEqual([5]);
    tf.dispose(Object.values(tensors));
    await expect(loadWeightsAs('me', 'nope')).rejects.toThrow(/^me: no pretrained model named 'nope'/);
    await expect(loadWeightsAs('me', 'fashion-0-4', { other: 1 } as never)).rejects.toThrow("me: unknown option 'other'");
  });
});
