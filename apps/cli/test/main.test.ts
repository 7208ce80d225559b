import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../src/main.js';

function capture() {
  const stream = new PassThrough() as unknown as NodeJS.WriteStream;
  let text = '';
  (stream as unknown as PassThrough).on('data', (d) => (text += String(d)));
  return { stream, text: () => text };
}

describe('dl-train main', () => {
  it('prints the usage for --help', async () => {
    const out = capture();
    expect(await main(['--help'], out.stream)).toBe(0);
    expect(out.text()).toMatch(/Usage: dl-train \[options\]/);
  });

  it('exits 2 on a bad option', async () => {
    const out = capture();
    expect(await main(['--epochs', 'x'], out.stream)).toBe(2);
  });

  it('trains on a subset and prints the test accuracy', async () => {
    const out = capture();
    expect(await main(['--backend', 'wasm', '--epochs', '1', '--limit', '2000', '--no-progress'], out.stream)).toBe(0);
    expect(out.text()).toMatch(/on backend 'wasm'/);
    expect(out.text()).toMatch(/epoch 1\/1 \| loss \d\.\d{4} \| acc \d\.\d{4} \| val loss/);
    const acc = Number(/test accuracy (\d\.\d+)/.exec(out.text())![1]);
    expect(acc).toBeGreaterThan(0.6);
  });

  it('reports a missing data directory with the install hint', async () => {
    const out = capture();
    const errors: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((s: string) => (errors.push(String(s)), true)) as typeof process.stderr.write;
    try {
      expect(await main(['--backend', 'cpu', '--data-dir', '/nonexistent'], out.stream)).toBe(1);
    } finally {
      process.stderr.write = write;
    }
    expect(errors.join('')).toMatch(/apt-get install dataset-fashion-mnist/);
  });
});
