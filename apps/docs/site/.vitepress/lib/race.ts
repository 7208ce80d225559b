// Optimizers racing on 2-D loss surfaces: every @dl/optim optimizer steps its own point (x, y)
// on the same surface, computed with TF.js ops on the page's backend.
import { tf } from '@dl/core';
import { adadelta, adagrad, adam, adamax, adamw, chain, clipByGlobalNorm, nadam, Optimizer, radam, rmsprop, sgd } from '@dl/optim';
import type { GradientTransformation } from '@dl/optim';

type T = tf.Tensor;

export interface Surface {
  label: string;
  /** What the surface teaches. */
  note: string;
  /** The loss on tensors (x, y scalars). */
  f: (x: T, y: T) => T;
  /** The same loss in JavaScript, for the contour plot and the losses read off the path. */
  js: (x: number, y: number) => number;
  start: [number, number];
  x: [number, number];
  y: [number, number];
}

const sig = (z: number) => 1 / (1 + Math.exp(-z));

export const SURFACES: Record<string, Surface> = {
  ravine: {
    label: 'Ravine (ill-conditioned)',
    note: 'Curvature 40x larger across the valley than along it: plain SGD zig-zags, momentum and the adaptive methods go straight down the floor.',
    f: (x, y) => tf.add(tf.mul(0.05, tf.square(x)), tf.mul(2, tf.square(y))),
    js: (x, y) => 0.05 * x * x + 2 * y * y,
    start: [-4.5, 1.2],
    x: [-5, 5],
    y: [-2, 2],
  },
  saddle: {
    label: 'Saddle point',
    note: 'Started a hair off the ridge of a saddle: the gradient across is tiny at first, so SGD lingers; methods that rescale per coordinate escape at once.',
    f: (x, y) => tf.add(tf.sub(tf.mul(0.5, tf.square(x)), tf.mul(0.5, tf.square(y))), tf.mul(0.05, tf.pow(y, 4))),
    js: (x, y) => 0.5 * x * x - 0.5 * y * y + 0.05 * y ** 4,
    start: [3, 0.01],
    x: [-4, 4],
    y: [-3.5, 3.5],
  },
  minima: {
    label: 'Local minima',
    note: 'A bowl covered in dimples (a Rastrigin-like surface): which dimple each optimizer settles in depends on its step size and momentum.',
    f: (x, y) => tf.addN([tf.mul(0.05, tf.add(tf.square(x), tf.square(y))), tf.neg(tf.cos(tf.mul(2, x))), tf.neg(tf.cos(tf.mul(2, y))), tf.scalar(2)]),
    js: (x, y) => 0.05 * (x * x + y * y) - Math.cos(2 * x) - Math.cos(2 * y) + 2,
    start: [3.3, 2.6],
    x: [-4, 4],
    y: [-4, 4],
  },
  plateau: {
    label: 'Plateau',
    note: 'Almost flat far from the well: gradients of 1e-4 move SGD nowhere, while Adam-like methods divide by the gradient\'s own scale and walk off the plateau.',
    f: (x, y) => tf.sub(1, tf.exp(tf.mul(-0.5, tf.add(tf.square(x), tf.square(y))))),
    js: (x, y) => 1 - Math.exp(-0.5 * (x * x + y * y)),
    start: [3.2, 2.6],
    x: [-4, 4],
    y: [-4, 4],
  },
  cliff: {
    label: 'Cliff',
    note: 'A steep step (seed 000\'s exploding gradients): the first step over the edge throws SGD far away; clipping the global norm keeps the step small.',
    f: (x, y) => tf.addN([tf.mul(0.05, tf.square(tf.sub(x, 3.5))), tf.mul(0.5, tf.square(y)), tf.mul(3, tf.sub(1, tf.sigmoid(tf.mul(60, tf.add(x, tf.mul(0.3, y))))))]),
    js: (x, y) => 0.05 * (x - 3.5) ** 2 + 0.5 * y * y + 3 * (1 - sig(60 * (x + 0.3 * y))),
    start: [-1.5, 1],
    x: [-3, 6],
    y: [-3, 3],
  },
};

export interface RaceOptions {
  surface: string;
  /** Multiplies every optimizer's own learning rate. */
  lrScale: number;
  momentum: number;
  beta1: number;
  beta2: number;
  steps: number;
  /** Clip each gradient's global norm to this before the step (0: no clipping). */
  clip: number;
  /** Jitter of the start point, seeded. */
  seed: number;
}

/** Each optimizer with its own tuned rate (for these surfaces) and PyTorch's other defaults. */
export function racers(o: RaceOptions): { name: string; make: () => GradientTransformation<any> }[] {
  const s = o.lrScale;
  const betas = [o.beta1, o.beta2] as const;
  return [
    { name: 'sgd', make: () => sgd({ lr: 0.2 * s }) },
    { name: 'sgd momentum', make: () => sgd({ lr: 0.05 * s, momentum: o.momentum }) },
    { name: 'sgd nesterov', make: () => sgd({ lr: 0.05 * s, momentum: o.momentum, nesterov: o.momentum > 0 }) },
    { name: 'adagrad', make: () => adagrad({ lr: 0.5 * s }) },
    { name: 'rmsprop', make: () => rmsprop({ lr: 0.02 * s }) },
    { name: 'adadelta', make: () => adadelta({ lr: 5 * s }) },
    { name: 'adam', make: () => adam({ lr: 0.1 * s, betas }) },
    { name: 'adamw', make: () => adamw({ lr: 0.1 * s, betas }) },
    { name: 'adamax', make: () => adamax({ lr: 0.1 * s, betas }) },
    { name: 'nadam', make: () => nadam({ lr: 0.1 * s, betas }) },
    { name: 'radam', make: () => radam({ lr: 0.1 * s, betas }) },
  ];
}

export interface RacePoint {
  optimizer: string;
  step: number;
  x: number;
  y: number;
  loss: number;
}

/**
 * Runs the race; `onFrame` gets the path so far every few steps (after `tf.nextFrame`), and a
 * true `shouldStop()` ends it early. Every tensor it makes is disposed before it returns.
 */
export async function race(o: RaceOptions, onFrame: (points: RacePoint[]) => void, shouldStop: () => boolean): Promise<RacePoint[]> {
  const surface = SURFACES[o.surface] ?? SURFACES.ravine!;
  let a = (o.seed * 2654435761) >>> 0;
  const jitter = () => ((a = (a * 1664525 + 1013904223) >>> 0) / 2 ** 32 - 0.5) * 0.1;
  const start: [number, number] = [surface.start[0] + (o.seed ? jitter() : 0), surface.start[1] + (o.seed ? jitter() * 0.1 : 0)];
  const entries = racers(o);
  const vars = entries.map(() => tf.tidy(() => tf.variable(tf.tensor1d(start))));
  const optimizers = entries.map((e, i) => new Optimizer(o.clip > 0 ? chain(clipByGlobalNorm(o.clip), e.make()) : e.make(), { p: vars[i]! }));
  const points: RacePoint[] = entries.map((e) => ({ optimizer: e.name, step: 0, x: start[0], y: start[1], loss: surface.js(...start) }));
  try {
    for (let step = 1; step <= o.steps && !shouldStop(); step++) {
      for (let i = 0; i < entries.length; i++) {
        const v = vars[i]!;
        const loss = await optimizers[i]!.minimize(() => tf.tidy(() => surface.f(tf.slice(v, 0, 1).reshape([]), tf.slice(v, 1, 1).reshape([])) as tf.Scalar));
        loss.dispose();
      }
      const stacked = tf.stack(vars);
      const xy = await stacked.data();
      stacked.dispose();
      entries.forEach((e, i) => {
        const x = xy[2 * i]!;
        const y = xy[2 * i + 1]!;
        points.push({ optimizer: e.name, step, x, y, loss: surface.js(x, y) });
      });
      if (step % 5 === 0 || step === o.steps) {
        onFrame(points);
        await tf.nextFrame();
      }
    }
  } finally {
    for (const opt of optimizers) opt.dispose();
    tf.dispose(vars);
  }
  return points;
}

/** Each optimizer's first, last and largest loss, and its longest single step. */
export function summary(points: RacePoint[]): { optimizer: string; first: number; last: number; max: number; maxStep: number; steps: number }[] {
  const by = new Map<string, RacePoint[]>();
  for (const p of points) {
    const list = by.get(p.optimizer) ?? [];
    list.push(p);
    by.set(p.optimizer, list);
  }
  return [...by].map(([optimizer, ps]) => ({ optimizer, first: ps[0]!.loss, last: ps[ps.length - 1]!.loss, max: Math.max(...ps.map((p) => p.loss)), maxStep: Math.max(0, ...ps.slice(1).map((p, i) => Math.hypot(p.x - ps[i]!.x, p.y - ps[i]!.y))), steps: ps.length - 1 }));
}
