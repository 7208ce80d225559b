import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tf, useBackend } from '@dl/core';
import { main } from '../src/main.js';
import { capture, readSvg } from './support.js';
import { parseTransferCurveArgs } from '../src/transfer-curve.js';

describe('dl-train transfer-curve', () => {
  it('parses its own flags and hands the training flags to dl-train', () => {
    const a = parseTransferCurveArgs(['--a', 'mnist:0-4', '--b=fashion-mnist:5,6,7,8,9', '--seeds', '0,1,2', '--layers', '1,3', '--modes', 'AnB,AnB+', '--epochs', '2', '--model', 'mlp', '--limit', '500']);
    expect(a.a).toEqual({ dataset: 'mnist', classes: [0, 1, 2, 3, 4] });
    expect(a.b).toEqual({ dataset: 'fashion-mnist', classes: [5, 6, 7, 8, 9] });
    expect(a).toMatchObject({ seeds: [0, 1, 2], layers: [1, 3], modes: ['AnB', 'AnB+'] });
    expect(a.train).toMatchObject({ epochs: 2, model: 'mlp', limit: 500, validation: 0, bnPolicy: 'eval', out: 'reports/transfer-curve' });
    const d = parseTransferCurveArgs([]);
    expect(d).toMatchObject({ a: { dataset: 'fashion-mnist', classes: [0, 1, 2, 3, 4] }, b: { dataset: 'fashion-mnist', classes: [5, 6, 7, 8, 9] }, seeds: [0], modes: ['AnB', 'BnB', 'AnB+', 'BnB+'] });
    expect(d.layers).toBeUndefined();
    expect(parseTransferCurveArgs(['--out', 'reports/dl-train']).train.out).toBe('reports/dl-train');
  });

  it('names the flag of every mistake', () => {
    const bad: [string[], RegExp][] = [
      [['--a', 'cifar:0-4'], /--a must be dataset:classes/],
      [['--b', 'mnist:3'], /--b needs two or more distinct classes in 0-9, got '3'/],
      [['--a', 'mnist:0-3'], /--a has 4 classes and --b 5/],
      [['--modes', 'AnB,AnB++'], /--modes takes AnB, BnB, AnB\+, BnB\+, got 'AnB\+\+'/],
      [['--seeds', '0,x'], /--seeds must be a comma-separated list of integers >= 0, got '0,x'/],
      [['--layers', '0'], /--layers must be a comma-separated list of integers >= 1/],
      [['--bn-policy', 'frozen'], /--bn-policy must be eval, frozen-affine or train/],
      [['--seed', '3'], /--seed does not apply/],
      [['--pretrained', 'x.dlckpt'], /--pretrained does not apply/],
      [['--model', 'softmax'], /--model must be cnn or mlp/],
      [['--seeds'], /--seeds needs a value/],
      [['--epochs', '0'], /--epochs/],
    ];
    for (const [argv, re] of bad) expect(() => parseTransferCurveArgs(argv), argv.join(' ')).toThrow(re);
  });

  it('runs a small curve end to end, writes JSON, CSV and SVG, and frees every tensor', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dl-transfer-curve-'));
    const out = capture();
    await useBackend('wasm');
    expect(await main(['transfer-curve', '--help'], out.stream)).toBe(0);
    expect(out.text()).toMatch(/Usage: dl-train transfer-curve/);
    const before = tf.memory().numTensors;
    const code = await main(
      ['transfer-curve', '--model', 'mlp', '--backend', 'wasm', '--limit', '300', '--test-limit', '200', '--epochs', '1', '--layers', '1,2', '--modes', 'AnB,AnB+', '--seeds', '0,1', '--no-progress', '--out', dir],
      out.stream,
    );
    expect(code, out.text()).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
    expect(out.text()).toMatch(/A = fashion-mnist 0,1,2,3,4 \(\d+ images\), B = fashion-mnist 5,6,7,8,9/);
    expect(out.text()).toMatch(/\| n \| AnB \| AnB\+ \|/);
    expect(out.text()).toMatch(/base B \(trained on B from scratch\): 0\.\d{4} ± 0\.\d{4}/);
    const report = JSON.parse(await readFile(join(dir, 'transfer-curve.json'), 'utf8'));
    expect(report.layerCount).toBe(3);
    expect(report.results.length).toBe(2 * (2 + 2 * 2));
    expect(report.summary.map((r: { kind: string; n: number }) => `${r.kind}${r.n}`)).toEqual(['baseB0', 'AnB1', 'AnB+1', 'AnB2', 'AnB+2']);
    for (const r of report.results.filter((r: { kind: string }) => r.kind !== 'baseA')) expect(r.accuracy).toBeGreaterThan(0.2);
    const csv = (await readFile(join(dir, 'transfer-curve.csv'), 'utf8')).trim().split('\n');
    expect(csv[0]).toBe('kind,n,seed,accuracy');
    expect(csv.length).toBe(1 + 2 * (1 + 2 * 2));
    const svg = readSvg(await readFile(join(dir, 'transfer-curve.svg'), 'utf8'));
    expect(svg.series).toHaveLength(2); // AnB and AnB+ over n = 1, 2
    expect(svg.dots).toBe(4);
    expect(svg.text).toMatch(/fashion-mnist 0,1,2,3,4 → fashion-mnist 5,6,7,8,9: test accuracy on B[\s\S]*AnB\+ \(fine-tuned, transferred\)\nbase B 0\.\d{3}/);
  });
});
