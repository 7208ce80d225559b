import type { KernelBackend, TensorInfo } from '@tensorflow/tfjs-core';
import { isWasmBackend, makeF32, makeWasmOutput, readF32, wasmView } from './backend-data.js';

/**
 * Runs a JavaScript loop as a kernel: float32 outputs of `outShapes`, computed by `loop` from
 * the inputs' values (null where an input is absent). On wasm the outputs are made first and
 * every view taken afterwards (a heap allocation invalidates earlier views), then the loop runs
 * over the heap with no copies.
 */
export function loopKernel(
  backend: KernelBackend,
  inputs: readonly (TensorInfo | undefined)[],
  outShapes: readonly number[][],
  loop: (ins: (Float32Array | null)[], outs: Float32Array[]) => void,
): TensorInfo[] {
  if (isWasmBackend(backend)) {
    const outInfos = outShapes.map((s) => makeWasmOutput(backend, s.slice()));
    const ins = inputs.map((t) => (t === undefined ? null : readF32(backend, t)));
    loop(ins, outInfos.map((o) => wasmView(backend, o)));
    return outInfos;
  }
  const ins = inputs.map((t) => (t === undefined ? null : readF32(backend, t)));
  const outs = outShapes.map((s) => new Float32Array(s.reduce((a, b) => a * b, 1)));
  loop(ins, outs);
  return outs.map((o, k) => makeF32(backend, outShapes[k]!.slice(), o));
}
