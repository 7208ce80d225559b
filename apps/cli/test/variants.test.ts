import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tf } from '@dl/core';
import { describe, expect, it } from 'vitest';
import { main } from '../src/main.js';
import { capture, stderrOf } from './support.js';

interface VariantEntry {
  description: string;
  accuracy: number;
  loss: number | null;
  topK?: number;
}

/** A tiny mlp run on wasm (4 steps an epoch); resolves to its printed text, its report and its exit code. */
async function run(extra: string[], base = ['--model', 'mlp', '--backend', 'wasm', '--epochs', '2', '--limit', '512', '--test-limit', '256', '--no-progress']) {
  const dir = await mkdtemp(join(tmpdir(), 'dl-train-variants-'));
  const out = capture();
  const { code, errors } = await stderrOf(() => main([...base, '--out', dir, ...extra], out.stream));
  expect(errors, errors).toBe('');
  expect(code).toBe(0);
  const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8'));
  return { dir, text: out.text(), report, variants: report.variants as Record<string, VariantEntry> };
}

const inUnit = (v: VariantEntry | undefined) => {
  expect(v).toBeDefined();
  expect(v!.accuracy).toBeGreaterThanOrEqual(0);
  expect(v!.accuracy).toBeLessThanOrEqual(1);
};

/** Runs `fn` twice and checks the second run leaves as many tensors as it found (the first warms the backend up). */
async function noLeak(fn: () => Promise<unknown>): Promise<void> {
  await fn();
  const before = tf.memory().numTensors;
  await fn();
  expect(tf.memory().numTensors).toBe(before);
}

describe('dl-train ensembles and weight averaging (issue 15)', () => {
  it('a run without the flags prints no variants table and writes no variants', async () => {
    const r = await run([]);
    expect(r.text).not.toMatch(/\| variant/);
    expect(r.report).not.toHaveProperty('variants');
  });

  it('--ema 0 scores exactly as the final weights; --ema 0.9 is scored beside them, validated per epoch into the curves', async () => {
    const zero = await run(['--ema', '0']);
    expect(zero.variants.ema!.accuracy).toBe(zero.variants.final!.accuracy);
    expect(zero.variants.ema!.loss).toBeCloseTo(zero.variants.final!.loss!, 6);
    expect(zero.variants.final!.accuracy).toBe(zero.report.test.accuracy);
    const r = await run(['--ema', '0.9', '--ema-warmup', 'tf']);
    inUnit(r.variants.ema);
    expect(r.text).toMatch(/augment none, EMA decay 0\.9 \(tf warm-up\)\n/);
    expect(r.text).toMatch(/\| EMA, decay 0\.9\s+\|\s+\d\.\d{4} \|/);
    const curves = (await readFile(join(r.dir, 'curves.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(curves).toHaveLength(2);
    for (const c of curves) expect(c.emaValAccuracy).toBeGreaterThanOrEqual(0);
    // the average is in the checkpoints (exact resume is @dl/ensemble's)
    expect((await readdir(join(r.dir, 'checkpoints'))).sort()).toContain('last.dlckpt');
  });

  it('--swa-start: SWALR from that epoch; one average of the last epoch is the final weights (mlp, no batch norm)', async () => {
    const r = await run(['--swa-start', '2', '--swa-lr', '0.01', '--swa-anneal-epochs', '0']);
    const steps = r.report.lrPerStep as number[];
    const perEpoch = steps.length / 2;
    for (const lr of steps.slice(perEpoch)) expect(lr).toBeCloseTo(0.01, 12);
    expect(r.variants.swa!.accuracy).toBe(r.variants.final!.accuracy);
    expect(r.variants.swa!.description).toBe('SWA, 1 epoch averaged from epoch 2');
    const longer = await run(['--epochs', '3', '--swa-start', '2']);
    expect(longer.variants.swa!.description).toBe('SWA, 2 epochs averaged from epoch 2');
    inUnit(longer.variants.swa);
  });

  it('--swa-start on the cnn (batch norm): update_bn on the training images before scoring (tiny, cpu)', async () => {
    const r = await run(['--swa-start', '1', '--swa-lr', '0.05'], ['--backend', 'cpu', '--epochs', '2', '--limit', '128', '--batch-size', '64', '--test-limit', '64', '--validation', '0', '--no-progress']);
    inUnit(r.variants.swa);
    expect(r.text).toMatch(/SWA from epoch 1 at lr 0\.05 \(cos annealing over 1 epoch\)/);
  });

  it('--snapshots: the cyclic cosine restarts at each cycle; 1 snapshot is the final weights', async () => {
    const one = await run(['--snapshots', '1']);
    expect(one.variants['snapshot-ensemble']!.accuracy).toBe(one.variants.final!.accuracy);
    expect(one.variants['last-snapshot']!.accuracy).toBe(one.variants.final!.accuracy);
    expect(one.variants['last-snapshot']!.loss).toBeCloseTo(one.variants.final!.loss!, 5);
    const r = await run(['--snapshots', '2']);
    expect(r.text).toMatch(/schedule snapshot cosine \(2 cycles from lr 0\.1\)/);
    const steps = r.report.lrPerStep as number[];
    expect(steps).toHaveLength(8);
    // a0/2 (cos(pi mod(t-1, 4) / 4) + 1): 0.1 at the start of each cycle, then down
    expect(steps[0]).toBeCloseTo(0.1, 12);
    expect(steps[4]).toBeCloseTo(0.1, 12);
    expect(steps[2]).toBeCloseTo(0.05, 12);
    inUnit(r.variants['snapshot-ensemble']);
    expect(r.variants['snapshot-ensemble']!.description).toBe('snapshot ensemble, mean of 2');
  });

  it('--snapshots more than the run has steps is an error before any model is made', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dl-train-variants-'));
    const { code, errors } = await stderrOf(() => main(['--model', 'mlp', '--backend', 'wasm', '--epochs', '1', '--limit', '256', '--test-limit', '64', '--snapshots', '5', '--out', dir], capture().stream));
    expect(code).toBe(1);
    expect(errors).toMatch(/^dl-train: --snapshots 5 is more than the run's 2 optimizer steps/);
  });

  it('--tta: flip, crops, merges; --tta-beta 1 is the plain prediction', async () => {
    const flip = await run(['--tta', 'flip']);
    inUnit(flip.variants.tta);
    expect(flip.variants.tta!.description).toBe('TTA flip');
    const plain = await run(['--tta', 'ten-crop', '--tta-beta', '1']);
    expect(plain.variants.tta!.accuracy).toBe(plain.variants.final!.accuracy);
    expect(plain.variants.tta!.loss).toBeCloseTo(plain.variants.final!.loss!, 4);
    const vote = await run(['--tta', 'five-crop', '--tta-padding', '1', '--tta-merge', 'vote']);
    inUnit(vote.variants.tta);
    expect(vote.variants.tta!.loss).toBeNull();
    expect(vote.text).toMatch(/\| TTA five-crop \(pad 1\), vote \|\s+\d\.\d{4} \|\s+- \|/);
  });

  it('--ensemble-seeds: members in <out>/member-<i>, the first equal to a plain run of its seed; 1 member is its own ensemble', async () => {
    const single = await run([]);
    const r = await run(['--ensemble-seeds', '2', '--tta', 'flip']);
    expect((await readdir(r.dir)).sort()).toEqual(['member-0', 'member-1', 'report.json']);
    for (const i of [0, 1]) {
      const member = JSON.parse(await readFile(join(r.dir, `member-${i}`, 'report.json'), 'utf8'));
      expect(member.args.seed).toBe(i);
      expect(member.test.accuracy).toBe(r.variants[`member-${i}`]!.accuracy);
      expect(await readdir(join(r.dir, `member-${i}`, 'checkpoints'))).toContain('last.dlckpt');
    }
    expect(r.variants['member-0']!.accuracy).toBe(single.report.test.accuracy);
    expect(r.variants['member-1']!.accuracy).not.toBe(undefined);
    for (const k of ['ensemble', 'member-0+tta', 'member-1+tta', 'ensemble+tta']) inUnit(r.variants[k]);
    expect(r.report.members).toHaveLength(2);
    expect(r.report.test.accuracy).toBe(r.variants.ensemble!.accuracy);
    expect(r.text).toMatch(/dl-train: ensemble member 2\/2, seed 1, files in .*member-1\n/);
    expect(r.text).toMatch(/ensemble test accuracy \d\.\d{4} \(members' mean \d\.\d{4}\)/);
    const one = await run(['--ensemble-seeds', '1']);
    expect(one.variants.ensemble!.accuracy).toBe(one.variants['member-0']!.accuracy);
    expect(one.variants['member-0']!.accuracy).toBe(single.report.test.accuracy);
  });

  it('bad variant flags exit 2 naming the flag, before any tensor is made', async () => {
    const before = tf.memory().numTensors;
    for (const [argv, msg] of [
      [['--ema', '1.5'], /^dl-train: --ema must be in \[0, 1\], got '1\.5'/],
      [['--model', 'mlp', '--swa-start', '9'], /^dl-train: --swa-start 9 is past the last epoch \(the mlp preset's 5 epochs\)/],
      [['--snapshots', '0'], /^dl-train: --snapshots must be an integer >= 1/],
      [['--ensemble-seeds', '0'], /^dl-train: --ensemble-seeds must be an integer >= 1/],
      [['--tta', 'six-crop'], /^dl-train: --tta must be one of flip, five-crop, ten-crop/],
      [['--snapshots', '3', '--schedule', 'cosine'], /^dl-train: --snapshots sets the schedule .*leave out --schedule/],
    ] as const) {
      const { code, errors } = await stderrOf(() => main([...argv], capture().stream));
      expect(code).toBe(2);
      expect(errors).toMatch(msg);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('leaks no tensor: EMA + SWA + TTA, snapshots, and an ensemble with TTA', async () => {
    await noLeak(() => run(['--ema', '0.9', '--swa-start', '2', '--tta', 'ten-crop', '--tta-beta', '0.25']));
    await noLeak(() => run(['--snapshots', '2', '--tta', 'flip']));
    await noLeak(() => run(['--ensemble-seeds', '2', '--tta', 'five-crop']));
  });
});
