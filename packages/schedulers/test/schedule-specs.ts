// Builds the schedules the fixtures describe as specs: {fn, options} or with parts / inner.
import { bengio, chained, constant, cosineAnnealing, cosineWarmRestarts, cyclic, exponential, inverseTime, lambda, linear, multiplicative, multiStep, oneCycle, perEpoch, perEpochFractional, polynomial, sequential, stepDecay, warmup } from '../src/index.js';
import type { Schedule } from '../src/index.js';

export interface Spec {
  fn: string;
  options?: Record<string, unknown>;
  parts?: Spec[];
  inner?: Spec;
  milestones?: number[];
  stepsPerEpoch?: number;
  /** The Python source of a LambdaLR / MultiplicativeLR function. */
  factor?: string;
}

/** The fixtures' Python lambdas, written in JavaScript. */
export const pythonFns: Record<string, (t: number) => number> = {
  '0.95': () => 0.95,
  '1.02': () => 1.02,
  '0.5 if t % 10 == 0 else 1.0': (t) => (t % 10 === 0 ? 0.5 : 1.0),
  '1 - 0.01 * t': (t) => 1 - 0.01 * t,
  '0.999 + 0.0015 * math.sin(t)': (t) => 0.999 + 0.0015 * Math.sin(t),
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const simple: Record<string, (o: any) => Schedule> = {
  bengio, constant, cosineAnnealing, cosineWarmRestarts, cyclic, exponential, inverseTime, linear, multiStep, oneCycle, polynomial, stepDecay,
};

export function build(spec: Spec): Schedule {
  const o = spec.options ?? {};
  switch (spec.fn) {
    case 'lambda':
      return lambda(pythonFns[spec.factor as string] as (t: number) => number, o as { lr: number });
    case 'multiplicative':
      return multiplicative(pythonFns[spec.factor as string] as (t: number) => number, o as { lr: number });
    case 'sequential':
      return sequential((spec.parts as Spec[]).map(build), spec.milestones as number[]);
    case 'chained':
      return chained((spec.parts as Spec[]).map(build), o as { lr: number });
    case 'warmup':
      return warmup(build(spec.inner as Spec), o as { steps: number });
    case 'perEpoch':
      return perEpoch(build(spec.inner as Spec), spec.stepsPerEpoch as number);
    case 'perEpochFractional':
      return perEpochFractional(build(spec.inner as Spec), spec.stepsPerEpoch as number);
    default: {
      const make = simple[spec.fn];
      if (make === undefined) throw new Error(`no schedule ${spec.fn}`);
      return make(o);
    }
  }
}
