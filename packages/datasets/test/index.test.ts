import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as main from '../src/index.js';

const SRC = join(dirname(fileURLToPath(import.meta.url)), '../src');

/** Every module specifier imported (statically or dynamically) by `entry` and its local imports. */
async function importGraph(entry: string): Promise<{ files: string[]; specifiers: Set<string> }> {
  const seen = new Set<string>();
  const specifiers = new Set<string>();
  const visit = async (file: string): Promise<void> => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = await readFile(file, 'utf8');
    for (const match of text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
      const spec = match[1] ?? '';
      if (spec.startsWith('.')) await visit(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
      else specifiers.add(spec);
    }
  };
  await visit(join(SRC, entry));
  return { files: [...seen], specifiers };
}

describe('main entry (src/index.ts)', () => {
  it('imports nothing Node-only, so it bundles for browsers', async () => {
    const { files, specifiers } = await importGraph('index.ts');
    expect(files.length).toBeGreaterThan(5);
    expect([...specifiers].sort()).toEqual(['@tensorflow/tfjs-core', 'mnist']);
  });

  it('exports the browser-safe API', () => {
    expect(Object.keys(main).sort()).toEqual([
      'FASHION_MNIST_CLASS_NAMES',
      'FASHION_MNIST_STATS',
      'MNIST_CLASS_NAMES',
      'MNIST_STATS',
      'MNIST_TRAIN_FRACTION',
      'fashionMnistFromIdx',
      'loadMnist',
      'loadMnistRaw',
      'parseIdx',
      'toTensors',
    ]);
  });
});
