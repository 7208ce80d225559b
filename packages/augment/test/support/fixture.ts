import { tf } from '@dl/core';
import type { BackendName } from '@dl/core';
import fxJson from '../fixtures/functional.json';

export interface Case {
  name: string;
  input: 'rgb' | 'gray' | 'ties';
  params: Record<string, any>;
  output: number[][][][] | number[][][][][];
}
const fx = fxJson as unknown as { inputs: Record<string, number[][][][]>; cases: Case[] };

/** The fixture cases whose names start with `prefix`. */
export function cases(prefix: string): Case[] {
  const found = fx.cases.filter((c) => c.name.startsWith(`${prefix} `));
  if (found.length === 0) throw new Error(`no fixture cases for '${prefix}'`);
  return found;
}

export function input(c: Case): tf.Tensor4D {
  return tf.tensor4d(fx.inputs[c.input]!);
}

export function inputNamed(key: Case['input']): tf.Tensor4D {
  return tf.tensor4d(fx.inputs[key]!);
}

/**
 * Tolerances against torchvision: cpu and wasm compute in IEEE float32 like torch, so 1e-5 relative.
 * WebGL and WebGPU on SwiftShader evaluate divisions and fused multiply-adds with slightly different
 * rounding (float32 all the same): 1e-5 relative plus 1e-5 absolute for values in [0, 1].
 */
export function tolerance(backend: BackendName): { rtol: number; atol: number } {
  return backend === 'cpu' || backend === 'wasm' ? { rtol: 1e-5, atol: 1e-6 } : { rtol: 1e-5, atol: 1e-5 };
}
