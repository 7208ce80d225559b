import { describe, expect, it } from 'vitest';
import { tf, useBackend } from '@dl/core';
import type { Schedule } from '@dl/core';
import { FASHION_MNIST_STATS } from '@dl/datasets';
import { AUGMENTS, SCHEDULES, parseTrainArgs } from '../src/args.js';
import { buildAugment, buildSchedule, buildTransform, describeOptimizer } from '../src/recipe.js';

const at = (s: number | Schedule, t: number) => (typeof s === 'number' ? s : s(t));

describe('buildSchedule', () => {
  it('builds every --schedule', () => {
    for (const schedule of SCHEDULES) {
      const s = buildSchedule(parseTrainArgs(['--schedule', schedule]), 300);
      for (const t of [0, 150, 299]) expect(at(s, t)).toBeGreaterThan(0);
    }
  });

  it('one-cycle peaks at --lr and ends on its floor at the last step, with or without a warm-up', () => {
    const args = parseTrainArgs([]);
    const plain = buildSchedule(args, 1266);
    expect(at(plain, 0)).toBeCloseTo(0.1 / 25, 12);
    expect(Math.max(...Array.from({ length: 1266 }, (_, t) => at(plain, t)))).toBeCloseTo(0.1, 6);
    expect(at(plain, 1265)).toBeCloseTo(0.1 / 25 / 1e4, 15);
    const warm = buildSchedule(parseTrainArgs(['--warmup', '100']), 1266);
    expect(at(warm, 0)).toBeCloseTo(0.1 * (0.1 / 25), 12); // warmup-factor 0.1 of the schedule's first rate
    expect(at(warm, 1265)).toBeCloseTo(0.1 / 25 / 1e4, 15);
    expect(at(warm, 1265)).toBe(at(buildSchedule(args, 1166), 1165));
  });

  it('shortens every main schedule by the warm-up, so it ends where a run of that length would', () => {
    for (const schedule of SCHEDULES.filter((s) => s !== 'plateau')) {
      const s = buildSchedule(parseTrainArgs(['--schedule', schedule, '--warmup', '40', '--warmup-mode', 'linear']), 300);
      const main = buildSchedule(parseTrainArgs(['--schedule', schedule]), 260);
      expect(at(s, 0), schedule).toBeCloseTo(0.1 * at(main, 0), 12);
      for (const t of [0, 100, 259]) expect(at(s, 40 + t), schedule).toBe(at(main, t));
    }
    // cosine reaches its floor at the end of the run (PyTorch's T_max = the steps it runs)
    const cos = buildSchedule(parseTrainArgs(['--schedule', 'cosine', '--eta-min', '0.001', '--warmup', '40']), 300);
    expect(at(cos, 299)).toBeCloseTo(0.001 + (0.1 - 0.001) * (1 + Math.cos(Math.PI * 259 / 260)) / 2, 12);
    expect(() => buildSchedule(parseTrainArgs(['--warmup', '300']), 300)).toThrow('--warmup 300 leaves nothing of the schedule: the run has 300 optimizer steps');
    expect(() => buildSchedule(parseTrainArgs(['--warmup', '3', '--schedule-per', 'epoch']), 3)).toThrow(/the run has 3 epochs/);
  });

  it('keeps the cycled momentum through a warm-up', () => {
    const plain = buildSchedule(parseTrainArgs([]), 100) as Schedule & { momentum?: Schedule };
    expect(plain.momentum?.(0)).toBeCloseTo(0.95, 12);
    expect(plain.momentum?.(29)).toBeCloseTo(0.85, 12);
    const warm = buildSchedule(parseTrainArgs(['--warmup', '10']), 110) as Schedule & { momentum?: Schedule };
    expect([0, 9, 10, 39, 109].map((t) => warm.momentum!(t))).toEqual([0, 0, 0, 29, 99].map((t) => plain.momentum!(t)));
    expect((buildSchedule(parseTrainArgs(['--no-cycle-momentum']), 100) as Schedule & { momentum?: Schedule }).momentum).toBeUndefined();
  });

  it('warms a constant rate up in each mode', () => {
    const lin = buildSchedule(parseTrainArgs(['--model', 'softmax', '--warmup', '10']), 100);
    expect([at(lin, 0), at(lin, 5), at(lin, 10), at(lin, 99)].map((v) => +v.toFixed(6))).toEqual([0.001, 0.0055, 0.01, 0.01]);
    const con = buildSchedule(parseTrainArgs(['--model', 'softmax', '--warmup', '10', '--warmup-mode', 'constant', '--warmup-factor', '0.5']), 100);
    expect([at(con, 0), at(con, 9), at(con, 10)]).toEqual([0.005, 0.005, 0.01]);
  });

  it('uses the schedule options', () => {
    const cyc = buildSchedule(parseTrainArgs(['--schedule', 'cyclic']), 400);
    expect(at(cyc, 0)).toBeCloseTo(0.025, 12);
    expect(at(cyc, 100)).toBeCloseTo(0.1, 12);
    expect(at(cyc, 200)).toBeCloseTo(0.025, 12);
    const tri2 = buildSchedule(parseTrainArgs(['--schedule', 'cyclic', '--cyclic-mode', 'triangular2', '--base-lr', '0.01', '--step-size-up', '10']), 400);
    expect(at(tri2, 30)).toBeCloseTo(0.01 + 0.09 / 2, 12);
    const inv = buildSchedule(parseTrainArgs(['--schedule', 'inverse-time']), 90);
    expect(at(inv, 90 - 1)).toBeCloseTo(0.1 / (1 + (9 / 90) * 89), 12);
    expect(at(buildSchedule(parseTrainArgs(['--schedule', 'inverse-time', '--decay-rate', '1']), 90), 3)).toBeCloseTo(0.025, 12);
    expect(at(buildSchedule(parseTrainArgs(['--schedule', 'step', '--step-size', '10', '--gamma', '0.5']), 90), 25)).toBeCloseTo(0.025, 12);
    expect(at(buildSchedule(parseTrainArgs(['--schedule', 'multi-step', '--milestones', '5,8']), 90), 8)).toBeCloseTo(0.001, 12);
    expect(at(buildSchedule(parseTrainArgs(['--schedule', 'bengio', '--tau', '10']), 90), 20)).toBeCloseTo(0.05, 12);
    expect(at(buildSchedule(parseTrainArgs(['--schedule', 'cosine-restarts', '--t0', '10', '--t-mult', '2']), 90), 10)).toBeCloseTo(0.1, 12);
    expect(at(buildSchedule(parseTrainArgs(['--schedule', 'linear', '--start-factor', '0.5', '--end-factor', '1']), 90), 0)).toBeCloseTo(0.05, 12);
    expect(at(buildSchedule(parseTrainArgs(['--schedule', 'polynomial', '--power', '2']), 90), 45)).toBeCloseTo(0.025, 12);
    expect(at(buildSchedule(parseTrainArgs(['--div-factor', '10', '--final-div-factor', '2']), 90), 89)).toBeCloseTo(0.005, 12);
    expect(buildSchedule(parseTrainArgs(['--schedule', 'plateau']), 90)).toBe(0.1);
  });
});

describe('buildTransform and describeOptimizer', () => {
  it('builds every optimizer with its settings', () => {
    for (const o of ['sgd', 'adam', 'adamw', 'rmsprop', 'adagrad', 'adadelta', 'adamax', 'nadam', 'radam']) {
      expect(typeof buildTransform(parseTrainArgs(['--optimizer', o])).update, o).toBe('function');
    }
    expect(describeOptimizer(parseTrainArgs([]))).toBe('sgd lr 0.1, momentum 0.9 (Nesterov), weight decay 0.0005');
    expect(describeOptimizer(parseTrainArgs(['--optimizer', 'adam', '--amsgrad']))).toBe('adam lr 0.001, betas 0.9/0.999, eps 1e-8, AMSGrad, weight decay 0');
    expect(describeOptimizer(parseTrainArgs(['--optimizer', 'radam', '--decoupled-weight-decay', '--weight-decay', '0.01']))).toBe('radam lr 0.001, betas 0.9/0.999, eps 1e-8, weight decay 0.01 (decoupled)');
  });
});

describe('buildAugment', () => {
  it('builds every --augment and keeps the images standardised', async () => {
    await useBackend('cpu');
    const stats = FASHION_MNIST_STATS;
    const black = -stats.mean / stats.std;
    const images = tf.fill([4, 28, 28, 1], black) as tf.Tensor4D;
    for (const a of AUGMENTS) {
      const { augment, mix } = buildAugment(parseTrainArgs(['--augment', a]), stats);
      if (a === 'mixup' || a === 'cutmix') {
        expect(mix, a).toBeTypeOf('function');
        continue;
      }
      const out = augment!(images, 1);
      expect(out.shape, a).toEqual([4, 28, 28, 1]);
      // an all-black batch stays black (fill and jitter's round trip through pixel values)
      expect(Math.abs((await tf.sub(out, black).abs().max().data())[0]!), a).toBeLessThan(1e-4);
      out.dispose();
    }
    images.dispose();
  });
});
