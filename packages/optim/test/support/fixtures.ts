// Runs a PyTorch trajectory fixture through an Optimizer and compares every step.
import { tf } from '@dl/core';
import { expectTensorsClose } from '@dl/core/testing';
import fx from '../fixtures/optimizers.json';
import * as optim from '../../src/index.js';
import type { GradientTransformation, ParamGroup } from '../../src/index.js';

export interface Case {
  optimizer: string;
  options: Record<string, unknown>;
  lrLambda?: number;
  groups?: ParamGroup[];
  shapes: Record<string, number[]>;
  params: Record<string, number[]>;
  grads: Record<string, number[]>[];
  trajectory: Record<string, number[]>[];
}

export const cases = (name: string): Case[] => (fx.cases as unknown as Case[]).filter((c) => c.optimizer === name);

export const caseTitle = (c: Case): string =>
  `${c.optimizer}(${JSON.stringify(c.options)})${c.lrLambda ? ` with lr * ${c.lrLambda}^t` : ''}${c.groups ? ` groups ${JSON.stringify(c.groups)}` : ''}`;

/**
 * 1e-5 relative on every backend: cpu, wasm, WebGPU (Dawn in Node, Chromium) and WebGL all
 * hold it over the 25 steps here (on SwiftShader; the worst seen on cpu is ~1e-7, one
 * float32 ulp). A GPU whose WebGL runs at reduced precision would need more.
 */
export const TOLERANCE = { rtol: 1e-5, atol: 1e-6 };

export function makeTransform(c: Case): GradientTransformation<any> {
  const options: Record<string, unknown> = { ...c.options };
  if (c.lrLambda !== undefined) {
    const lr0 = options.lr as number;
    const gamma = c.lrLambda;
    options.lr = (t: number) => lr0 * gamma ** t;
  }
  const factory = (optim as unknown as Record<string, (o: unknown) => GradientTransformation<any>>)[c.optimizer]!;
  return factory(options);
}

export function makeVariables(c: Case): Record<string, tf.Variable> {
  return tf.tidy(() => {
    const out: Record<string, tf.Variable> = {};
    for (const [n, shape] of Object.entries(c.shapes)) out[n] = tf.variable(tf.tensor(c.params[n]!, shape), true, `${c.optimizer}_${n}_${Math.random()}`);
    return out;
  });
}

export async function runCase(c: Case): Promise<void> {
  const tol = TOLERANCE;
  const vars = makeVariables(c);
  const names = Object.keys(c.shapes);
  const opt = new optim.Optimizer(makeTransform(c), vars, { groups: c.groups });
  // Every step's parameters, read back once at the end (readbacks are slow on GPU backends).
  const snapshots: tf.Tensor[] = [];
  try {
    for (let s = 0; s < c.grads.length; s++) {
      const grads = tf.tidy(() => {
        const out: Record<string, tf.Tensor> = {};
        for (const [n, shape] of Object.entries(c.shapes)) out[n] = tf.tensor(c.grads[s]![n]!, shape);
        return out;
      });
      await opt.step(grads);
      tf.dispose(grads);
      snapshots.push(tf.tidy(() => tf.concat(names.map((n) => tf.reshape(vars[n]!, [-1])))));
    }
    const all = tf.stack(snapshots);
    const values = await all.data();
    all.dispose();
    let offset = 0;
    for (let s = 0; s < c.grads.length; s++) {
      for (const n of names) {
        const expected = c.trajectory[s]![n]!;
        const actual = values.subarray(offset, offset + expected.length);
        offset += expected.length;
        try {
          await expectTensorsClose(actual, expected, tol);
        } catch (e) {
          throw new Error(`${caseTitle(c)}: step ${s + 1}, ${n}: ${(e as Error).message}`);
        }
      }
    }
  } finally {
    opt.dispose();
    tf.dispose(snapshots);
    tf.dispose(Object.values(vars));
  }
}
