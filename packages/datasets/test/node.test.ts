import { describe, expect, it } from 'vitest';
import * as main from '../src/index.js';
import * as node from '../src/node.js';

describe('node entry (src/node.ts)', () => {
  it('re-exports the main entry and adds file loading', () => {
    for (const [name, value] of Object.entries(main)) expect(node[name as keyof typeof node]).toBe(value);
    const extra = Object.keys(node).filter((name) => !(name in main)).sort();
    expect(extra).toEqual(['DEFAULT_FASHION_MNIST_DIR', 'loadFashionMnist', 'loadFashionMnistRaw', 'readIdxFile']);
  });
});
