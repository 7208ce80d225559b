import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tf, useBackend } from '@dl/core';
import { main } from '../src/main.js';
import { parseTransferAdviceArgs, STRATEGIES } from '../src/transfer-advice.js';
import { capture, stderrOf } from './support.js';

describe('dl-train transfer-advice', () => {
  it('parses its own flags and hands the training flags to dl-train', () => {
    const a = parseTransferAdviceArgs(['--similar', 'fashion-5-9', '--different', 'mnist-cnn', '--b', 'fashion-mnist:0-4', '--labels', '100,all', '--seeds', '1,2', '--budget', '300', '--strategies', 'scratch,fine-tune-all', '--lr', '0.02', '--limit', '500']);
    expect(a).toMatchObject({ sources: { similar: 'fashion-5-9', different: 'mnist-cnn' }, b: { dataset: 'fashion-mnist', classes: [0, 1, 2, 3, 4] }, labels: [100, 'all'], seeds: [1, 2], budget: 300, strategies: ['scratch', 'fine-tune-all'] });
    expect(a.train).toMatchObject({ lr: 0.02, limit: 500, out: 'reports/transfer-advice' });
    expect(parseTransferAdviceArgs([])).toMatchObject({ sources: { similar: 'fashion-0-4', different: 'mnist-cnn' }, b: { classes: [5, 6, 7, 8, 9] }, labels: [100, 1000, 'all'], seeds: [0], budget: 10000, strategies: STRATEGIES });
  });

  it('names the flag of every mistake', () => {
    const bad: [string[], RegExp][] = [
      [['--similar', 'imagenet'], /--similar must name a @dl\/zoo model \(fashion-cnn, mnist-cnn, .*\), got 'imagenet'/],
      [['--b', 'fashion-mnist:5'], /--b must be dataset:a-b/],
      [['--strategies', 'fine-tune-some'], /--strategies takes scratch, linear-probe, .*, got 'fine-tune-some'/],
      [['--labels', '3'], /--labels must be a comma-separated list of integers >= 5, got '3'/],
      [['--probe-lr', '0'], /--probe-lr must be a number > 0/],
      [['--freeze', 'conv'], /--freeze does not apply/],
      [['--model', 'mlp'], /--model does not apply/],
    ];
    for (const [argv, re] of bad) expect(() => parseTransferAdviceArgs(argv), argv.join(' ')).toThrow(re);
  });

  it('measures every strategy in both kinds of data, prints the 2x2 table with the advice, writes JSON and CSV, frees every tensor', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dl-transfer-advice-'));
    const out = capture();
    await useBackend('wasm');
    expect(await main(['transfer-advice', '--help'], out.stream)).toBe(0);
    expect(out.text()).toMatch(/Usage: dl-train transfer-advice/);
    const before = tf.memory().numTensors;
    const code = await main(['transfer-advice', '--backend', 'wasm', '--limit', '60', '--test-limit', '50', '--labels', '10,all', '--budget', '30', '--no-progress', '--out', dir], out.stream);
    expect(code, out.text()).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
    expect(out.text()).toMatch(/\| labels \| data \| scratch \| linear-probe \| linear-probe-earlier \| fine-tune-top \| fine-tune-more \| fine-tune-all \| advised \(adviseTransfer\) \| measured best \|/);
    expect(out.text()).toMatch(/\| 10 \| similar \|.*\| linear-probe \| /);
    expect(out.text()).toMatch(/\| 10 \| different \|.*\| linear-probe-earlier \| /);
    const report = JSON.parse(await readFile(join(dir, 'transfer-advice.json'), 'utf8'));
    expect(report.results.length).toBe(2 * 2 * STRATEGIES.length);
    expect(report.cells.map((c: { similarity: string; labels: unknown; advised: string }) => `${c.similarity}/${c.labels}/${c.advised}`)).toEqual([
      'similar/10/linear-probe', 'similar/all/linear-probe', 'different/10/linear-probe-earlier', 'different/all/linear-probe-earlier',
    ]);
    for (const c of report.cells) expect(STRATEGIES).toContain(c.best);
    const csv = (await readFile(join(dir, 'transfer-advice.csv'), 'utf8')).trim().split('\n');
    expect(csv[0]).toBe('similarity,source,labels,strategy,seed,accuracy,seconds');
    expect(csv.length).toBe(1 + 2 * 2 * STRATEGIES.length);
  });

  it('a bad flag exits 2 naming it, and makes no tensor', async () => {
    await useBackend('wasm');
    const before = tf.memory().numTensors;
    const { code, errors } = await stderrOf(() => main(['transfer-advice', '--strategies', 'all'], capture().stream));
    expect(code).toBe(2);
    expect(errors).toMatch(/--strategies takes/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
