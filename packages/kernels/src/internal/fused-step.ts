import type { KernelBackend, TensorInfo } from '@tensorflow/tfjs-core';
import { loopKernel } from './loop-kernel.js';

/** Every input float32 and of `shape`'s size. */
export function checkStepInputs(shape: readonly number[], inputs: readonly (TensorInfo | undefined)[]): void {
  const size = shape.reduce((a, b) => a * b, 1);
  for (const t of inputs) {
    if (t === undefined) continue;
    if (t.dtype !== 'float32') throw new TypeError(`@dl/kernels: optimizer steps take float32 tensors, got ${t.dtype}`);
    if (t.shape.reduce((a, b) => a * b, 1) !== size) throw new RangeError(`@dl/kernels: optimizer step inputs must have shape [${shape}], got [${t.shape}]`);
  }
}

/**
 * Runs an elementwise optimizer step: `nOut` float32 outputs shaped like `shape`,
 * computed by `loop` from the inputs' values (null where an input is absent).
 */
export function fusedStep(
  backend: KernelBackend,
  shape: number[],
  inputs: readonly (TensorInfo | undefined)[],
  nOut: number,
  loop: (ins: (Float32Array | null)[], outs: Float32Array[]) => void,
): TensorInfo[] {
  checkStepInputs(shape, inputs);
  return loopKernel(backend, inputs, Array.from({ length: nOut }, () => shape.slice()), loop);
}
