import { Sum, util } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { makeF32, readF32 } from './internal/backend-data.js';
import type { KernelArgs } from './internal/kernel-types.js';
import { runOriginal } from './internal/originals.js';

/**
 * Sum for cpu over a run of leading or trailing axes of a float32 tensor, the
 * bias gradients of conv and dense layers (sum over N, H, W). The stock kernel
 * first transposes the reduced axes to the end through a generic gather, which
 * costs more than a conv gradient. Other reductions go to the stock kernel.
 */
function cpuKernel(args: KernelArgs): TensorInfo {
  const { x } = args.inputs as { x: TensorInfo };
  const { axis, keepDims } = args.attrs as unknown as { axis: number | number[]; keepDims: boolean };
  const rank = x.shape.length;
  const axes = util.parseAxisParam(axis, x.shape).sort((a, b) => a - b);
  const leading = axes.every((a, i) => a === i);
  const trailing = axes.every((a, i) => a === rank - axes.length + i);
  if (x.dtype !== 'float32' || axes.length === 0 || (!leading && !trailing)) {
    return runOriginal(Sum, 'cpu', args, 'this reduction');
  }
  const outShape = x.shape.filter((_, i) => !axes.includes(i));
  const shape = keepDims ? x.shape.map((d, i) => (axes.includes(i) ? 1 : d)) : outShape;
  const inner = util.sizeFromShape(leading ? outShape : x.shape.slice(rank - axes.length));
  const outer = util.sizeFromShape(x.shape) / Math.max(1, inner);
  const v = readF32(args.backend, x);
  if (leading) {
    const acc = new Float64Array(inner);
    for (let r = 0, o = 0; r < outer; r++, o += inner) {
      for (let j = 0; j < inner; j++) acc[j] = acc[j]! + v[o + j]!;
    }
    return makeF32(args.backend, shape, Float32Array.from(acc));
  }
  const out = new Float32Array(outer);
  for (let r = 0, o = 0; r < outer; r++, o += inner) {
    let s = 0;
    for (let j = 0; j < inner; j++) s += v[o + j]!;
    out[r] = s;
  }
  return makeF32(args.backend, shape, out);
}

/** Sum for cpu: direct loops over leading or trailing axes (bias gradients). */
export const sumCpu: KernelConfig = { kernelName: Sum, backendName: 'cpu', kernelFunc: cpuKernel as unknown as KernelFunc };
