import type { KernelBackend, TensorInfo } from '@tensorflow/tfjs-core';
import { isWasmBackend, makeF32, makeWasmOutput, readF32, wasmView } from './backend-data.js';

/**
 * Runs an elementwise optimizer step: `nOut` float32 outputs shaped like `shape`,
 * computed by `loop` from the inputs' values (null where an input is absent).
 * On wasm the outputs are made first and every view taken afterwards (a heap
 * allocation invalidates earlier views); the loop then runs over the heap, no copies.
 */
export function fusedStep(
  backend: KernelBackend,
  shape: number[],
  inputs: readonly (TensorInfo | undefined)[],
  nOut: number,
  loop: (ins: (Float32Array | null)[], outs: Float32Array[]) => void,
): TensorInfo[] {
  const size = shape.reduce((a, b) => a * b, 1);
  for (const t of inputs) {
    if (t === undefined) continue;
    if (t.dtype !== 'float32') throw new TypeError(`@dl/kernels: optimizer steps take float32 tensors, got ${t.dtype}`);
    if (t.shape.reduce((a, b) => a * b, 1) !== size) throw new RangeError(`@dl/kernels: optimizer step inputs must have shape [${shape}], got [${t.shape}]`);
  }
  if (isWasmBackend(backend)) {
    const outInfos: TensorInfo[] = [];
    for (let k = 0; k < nOut; k++) outInfos.push(makeWasmOutput(backend, shape.slice()));
    const ins = inputs.map((t) => (t === undefined ? null : readF32(backend, t)));
    loop(ins, outInfos.map((o) => wasmView(backend, o)));
    return outInfos;
  }
  const ins = inputs.map((t) => (t === undefined ? null : readF32(backend, t)));
  const outs: Float32Array[] = [];
  for (let k = 0; k < nOut; k++) outs.push(new Float32Array(size));
  loop(ins, outs);
  return outs.map((o) => makeF32(backend, shape.slice(), o));
}
