import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/main.js';
import { capture, readSvg, stderrOf } from './support.js';

describe('dl-train main', () => {
  it('prints the usage for --help', async () => {
    const out = capture();
    expect(await main(['--help'], out.stream)).toBe(0);
    expect(out.text()).toMatch(/Usage: dl-train \[options\]/);
  });

  it('exits 2 on a bad option', async () => {
    const out = capture();
    expect((await stderrOf(() => main(['--epochs', 'x'], out.stream))).code).toBe(2);
  });

  it('trains the mlp preset on a subset on wasm, writes the report, curves and checkpoints, and resumes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dl-train-cli-'));
    const out = capture();
    expect(await main(['--model', 'mlp', '--backend', 'wasm', '--epochs', '1', '--limit', '2000', '--test-limit', '2000', '--no-progress', '--out', dir], out.stream)).toBe(0);
    expect(out.text()).toMatch(/dl-train: mlp \(235146 parameters\).*on backend 'wasm'/);
    expect(out.text()).toMatch(/epoch 1\/1 \| loss \d\.\d{4} \| acc \d\.\d{4} \| val loss/);
    expect(out.text()).toMatch(/\| epoch \|\s+loss \|\s+acc \| val loss \| val acc \|/);
    const acc = Number(/test accuracy (\d\.\d+) \(wasm, \d+ samples\/s/.exec(out.text())![1]);
    expect(acc).toBeGreaterThan(0.6);
    const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8'));
    expect(report).toMatchObject({ backend: 'wasm', model: 'mlp', testSize: 2000 });
    // stratified: 10% of each class, rounded per class
    expect(report.trainSize + report.validationSize).toBe(2000);
    expect(Math.abs(report.validationSize - 200)).toBeLessThanOrEqual(5);
    expect(report.test.accuracy.toFixed(4)).toBe(acc.toFixed(4));
    expect(report.lrPerStep).toHaveLength(Math.ceil(report.trainSize / 128));
    // One epoch: a dot per series (loss, accuracy and their validation twins), no line yet.
    const curves = readSvg(await readFile(join(dir, 'curves.svg'), 'utf8'));
    expect(curves.text).toMatch(/dl-train mlp on fashion-mnist \(wasm\)/);
    expect(curves.dots).toBe(4);
    expect(curves.series).toHaveLength(0);
    expect((await readdir(join(dir, 'checkpoints'))).sort()).toEqual(['best.dlckpt', 'epoch-0001.dlckpt', 'last.dlckpt']);

    const again = capture();
    const args = ['--model', 'mlp', '--backend', 'wasm', '--epochs', '2', '--limit', '2000', '--test-limit', '2000', '--no-progress', '--out', dir];
    expect(await main([...args, '--resume', join(dir, 'checkpoints', 'epoch-0001.dlckpt')], again.stream)).toBe(0);
    const lines = again.text().split('\n').filter((l) => l.startsWith('epoch '));
    expect(lines).toHaveLength(1); // only epoch 2 ran
    expect(lines[0]).toMatch(/^epoch 2\/2/);
    expect(JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')).epochs).toHaveLength(2);
    expect(readSvg(await readFile(join(dir, 'curves.svg'), 'utf8')).series).toHaveLength(4);
  });

  it('runs the softmax baseline preset', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dl-train-cli-'));
    const out = capture();
    expect(await main(['--model', 'softmax', '--backend', 'wasm', '--epochs', '1', '--limit', '2000', '--test-limit', '2000', '--no-progress', '--out', dir], out.stream)).toBe(0);
    expect(Number(/test accuracy (\d\.\d+)/.exec(out.text())![1])).toBeGreaterThan(0.6);
  });

  it('stops on a NaN loss with a clear message, exit code 1', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dl-train-cli-'));
    const out = capture();
    const { code } = await stderrOf(() => main(['--model', 'mlp', '--backend', 'wasm', '--schedule', 'constant', '--lr', '1e4', '--epochs', '2', '--limit', '1000', '--test-limit', '100', '--no-progress', '--out', dir], out.stream));
    expect(code).toBe(1);
    expect(out.text()).toMatch(/the training loss (became|is) (NaN|Infinity)/);
  });

  it('trains the cnn on cpu (tiny subset)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dl-train-cli-'));
    const out = capture();
    expect(await main(['--backend', 'cpu', '--epochs', '1', '--limit', '128', '--batch-size', '64', '--test-limit', '64', '--validation', '0', '--no-progress', '--out', dir], out.stream)).toBe(0);
    expect(out.text()).toMatch(/dl-train: cnn \(421834 parameters\)/);
    expect(out.text()).toMatch(/sgd lr 0\.1, momentum 0\.9 \(Nesterov\), weight decay 0\.0005, schedule one-cycle \(momentum cycled 0\.95-0\.85\), augment flip\+crop/);
    expect(out.text()).toMatch(/test accuracy \d\.\d{4} \(cpu/);
  });

  it('transfer (issue 13): the Keras mnist-transfer recipe on 0-4, then --pretrained --freeze 7 on 5-9; --fine-tune and --layer-decay runs (tiny, cpu)', async () => {
    const base = await mkdtemp(join(tmpdir(), 'dl-train-cli-'));
    const tiny = ['--dataset', 'mnist', '--backend', 'cpu', '--epochs', '1', '--limit', '256', '--test-limit', '128', '--validation', '0', '--no-progress'];
    const a = capture();
    expect(await main(['--model', 'mnist-transfer', '--classes', '0-4', ...tiny, '--out', base], a.stream)).toBe(0);
    expect(a.text()).toMatch(/dl-train: mnist-transfer \(600165 parameters\) on mnist \(256 train/);
    expect(a.text()).toMatch(/adadelta lr 1, rho 0\.95, eps 1e-7, weight decay 0, schedule constant/);
    const transfer = await mkdtemp(join(tmpdir(), 'dl-train-cli-'));
    const b = capture();
    const ckpt = join(base, 'checkpoints', 'last.dlckpt');
    expect(await main(['--model', 'mnist-transfer', '--classes', '5-9', ...tiny, '--pretrained', ckpt, '--freeze', '7', '--out', transfer], b.stream)).toBe(0);
    expect(b.text()).toMatch(new RegExp(`dl-train: pretrained ${ckpt.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: 8 tensors copied`));
    expect(b.text()).toMatch(/dl-train: frozen 4 tensors \(frozen-affine batch norms\)/);
    // the classifier trained on top of the copied, frozen features
    const report = JSON.parse(await readFile(join(transfer, 'report.json'), 'utf8'));
    expect(report.test.accuracy).toBeGreaterThan(0.2);
    const ft = capture();
    expect(await main(['--fine-tune', '--freeze-epochs', '1', '--model', 'cnn', '--classes', '0-2', ...tiny, '--out', await mkdtemp(join(tmpdir(), 'dl-train-cli-'))], ft.stream)).toBe(0);
    expect(ft.text()).toMatch(/fine-tune \(fastai: 1 frozen epochs, then 1 with the backbone at lr \/ 100\), Adam betas 0\.9\/0\.99 eps 1e-5, base lr 0\.002/);
    const ld = capture();
    expect(await main(['--model', 'cnn', '--layer-decay', '0.5', '--optimizer', 'adamw', '--schedule', 'cosine', ...tiny, '--out', await mkdtemp(join(tmpdir(), 'dl-train-cli-'))], ld.stream)).toBe(0);
  }, 300_000);

  it('--pretrained zoo:NAME starts from a verified @dl/zoo model: fashion-cnn features frozen, a new 5-class head on 0-4 beats training from scratch (tiny, wasm)', async () => {
    const tiny = ['--model', 'cnn', '--classes', '0-4', '--backend', 'wasm', '--epochs', '3', '--limit', '500', '--test-limit', '1000', '--validation', '0', '--no-progress'];
    const run = async (extra: string[]) => {
      const dir = await mkdtemp(join(tmpdir(), 'dl-train-cli-'));
      const out = capture();
      expect(await main([...tiny, ...extra, '--out', dir], out.stream)).toBe(0);
      return { text: out.text(), accuracy: JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')).test.accuracy as number };
    };
    const zoo = await run(['--pretrained', 'zoo:fashion-cnn', '--freeze', '8', '--bn-policy', 'eval']);
    // the 10-class head does not fit the 5-class task: it alone starts anew
    expect(zoo.text).toMatch(/dl-train: pretrained zoo:fashion-cnn: 16 tensors copied, re-initialised 13\.kernel, 13\.bias/);
    expect(zoo.text).toMatch(/dl-train: frozen 8 tensors \(eval batch norms\)/);
    const scratch = await run([]);
    // measured: 0.922 against 0.639 from scratch with the same 500 images and 12 steps
    expect(zoo.accuracy).toBeGreaterThan(0.85);
    expect(zoo.accuracy).toBeGreaterThan(scratch.accuracy + 0.15);
  }, 300_000);

  it('wires the optimizer defaults, warm-up, clipping and accumulation into fit (tiny run on cpu)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dl-train-cli-'));
    const out = capture();
    const argv = [
      '--model', 'mlp', '--backend', 'cpu', '--epochs', '1', '--limit', '512', '--batch-size', '64', '--test-limit', '256', '--validation', '0', '--no-progress', '--out', dir,
      '--optimizer', 'adam', '--schedule', 'linear', '--warmup', '1', '--clip-grad-norm', '1', '--clip-grad-value', '5', '--accumulate-steps', '2',
      '--augment', 'vflip,affine,jitter',
    ];
    expect(await main(argv, out.stream)).toBe(0);
    expect(out.text()).toMatch(/batch 64 x 2 accumulated, adam lr 0\.001, betas 0\.9\/0\.999, eps 1e-8, weight decay 0, schedule linear after 1 warm-up steps, augment vflip\+affine\+jitter, clip grad norm 1, clip grad value 5/);
    const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8'));
    // 8 batches, 4 optimizer steps: 1 of warm-up at 0.1 x 1e-3, then linear from 1e-3 towards 1e-5 over the 3 left
    expect(report.lrPerStep).toHaveLength(4);
    expect(report.lrPerStep[0]).toBeCloseTo(1e-4, 10);
    expect(report.lrPerStep[1]).toBeCloseTo(1e-3, 10);
    expect(report.lrPerStep[3]).toBeCloseTo(1e-3 * (1 - (0.99 * 2) / 3), 10);
    expect(report.args).toMatchObject({ optimizer: 'adam', lr: 1e-3, clipGradNorm: 1, clipGradValue: 5, accumulateSteps: 2 });
  });

  it('rejects an option the optimizer does not use with exit code 2', async () => {
    const out = capture();
    const { code, errors } = await stderrOf(() => main(['--optimizer', 'adam', '--momentum', '0.9'], out.stream));
    expect(code).toBe(2);
    expect(errors).toMatch(/^dl-train: --momentum does not apply to --optimizer adam \(it has betas: --beta1\/--beta2\)/);
  });

  it('reports a missing data directory with the install hint', async () => {
    const out = capture();
    const { code, errors } = await stderrOf(() => main(['--model', 'mlp', '--backend', 'cpu', '--data-dir', '/nonexistent'], out.stream));
    expect(code).toBe(1);
    expect(errors).toMatch(/apt-get install dataset-fashion-mnist/);
  });
});
