import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { adviseTransfer } from '../src/index.js';

describe('adviseTransfer (seed 001 table, seed 004 cases)', () => {
  it('gives the four cells of the notes', () => {
    const cell = (examples: number, similarity: 'similar' | 'different') => adviseTransfer({ examples, similarity });
    expect(cell(500, 'similar')).toMatchObject({ strategy: 'linear-probe', size: 'small', similarity: 'similar' });
    expect(cell(500, 'similar').reason).toMatch(/linear classifier on the CNN codes/);
    expect(cell(500, 'similar').alternative).toBeUndefined();
    expect(cell(1000, 'different')).toMatchObject({ strategy: 'linear-probe-earlier', size: 'small' });
    expect(cell(1000, 'different').how).toMatch(/earlier layer/);
    expect(cell(30000, 'similar')).toMatchObject({ strategy: 'fine-tune-top', size: 'large', alternative: { strategy: 'fine-tune-all' } });
    expect(cell(30000, 'similar').alternative!.source).toMatch(/seed 004/);
    expect(cell(60000, 'different')).toMatchObject({ strategy: 'fine-tune-more', size: 'large', alternative: { strategy: 'fine-tune-all' } });
  });

  it('splits small from large at smallBelow (default 10,000)', () => {
    expect(adviseTransfer({ examples: 9999, similarity: 'similar' }).size).toBe('small');
    expect(adviseTransfer({ examples: 10000, similarity: 'similar' }).size).toBe('large');
    expect(adviseTransfer({ examples: 2000, similarity: 'similar', smallBelow: 1000 }).size).toBe('large');
  });

  it('names the option of every mistake and makes no tensor', () => {
    const before = tf.memory().numTensors;
    expect(() => adviseTransfer({ examples: 0, similarity: 'similar' })).toThrow('adviseTransfer: examples must be an integer >= 1 (labelled examples of the new task), got 0');
    expect(() => adviseTransfer({ examples: 10, similarity: 'close' as never })).toThrow("adviseTransfer: similarity must be 'similar' or 'different', got 'close'");
    expect(() => adviseTransfer({ examples: 10, similarity: 'similar', smallBelow: 1.5 })).toThrow('adviseTransfer: smallBelow must be an integer >= 2, got 1.5');
    expect(() => adviseTransfer({ examples: 10, similarity: 'similar', size: 'small' } as never)).toThrow(/unknown option 'size'/);
    expect(() => adviseTransfer(undefined as never)).toThrow(/adviseTransfer: options must be an object/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
