import { BatchMatMul, Transpose, getKernel } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { disposeInfo } from '../../internal/backend-data.js';
import type { KernelArgs } from '../../internal/kernel-types.js';
import { runOriginal, withStockSetup } from '../../internal/originals.js';

/** Swaps the last two axes of `x` with the stock wasm Transpose (XNNPACK). */
function transposeLast2(args: KernelArgs, x: TensorInfo): TensorInfo {
  const rank = x.shape.length;
  const perm = [...Array(rank).keys()];
  [perm[rank - 2], perm[rank - 1]] = [rank - 1, rank - 2];
  const transpose = getKernel(Transpose, 'wasm')!.kernelFunc as KernelFunc;
  return transpose({ inputs: { x }, backend: args.backend, attrs: { perm } }) as TensorInfo;
}

/**
 * BatchMatMul for wasm: a transposed operand is transposed explicitly first, then the stock
 * kernel multiplies without transposes. tfjs-backend-wasm 4.22 sends transposeA/transposeB to a
 * path ~20x slower than its plain XNNPACK one (a dense layer's backward is exactly
 * `dy·Wᵀ` and `xᵀ·dy`); the explicit transpose costs one pass over the operand.
 */
function wasmKernel(args: KernelArgs): TensorInfo {
  const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
  const { transposeA, transposeB } = args.attrs as unknown as { transposeA: boolean; transposeB: boolean };
  if ((!transposeA && !transposeB) || a.dtype !== 'float32' || b.dtype !== 'float32') return runOriginal(BatchMatMul, 'wasm', args, 'this case');
  const temps: TensorInfo[] = [];
  try {
    const at = transposeA ? transposeLast2(args, a) : a;
    if (transposeA) temps.push(at);
    const bt = transposeB ? transposeLast2(args, b) : b;
    if (transposeB) temps.push(bt);
    return runOriginal(BatchMatMul, 'wasm', { ...args, inputs: { a: at, b: bt }, attrs: { ...args.attrs, transposeA: false, transposeB: false } }, 'this case');
  } finally {
    for (const t of temps) disposeInfo(args.backend, t);
  }
}

/** BatchMatMul for wasm: transposed operands go through an explicit transpose (see above). */
export const batchMatMulWasm: KernelConfig = /* @__PURE__ */ withStockSetup({ kernelName: BatchMatMul, backendName: 'wasm', kernelFunc: wasmKernel as unknown as KernelFunc });
