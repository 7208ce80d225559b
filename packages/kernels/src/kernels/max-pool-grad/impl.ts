import type { TensorInfo } from '@tensorflow/tfjs-core';
import { makeF32, readF32 } from '../../internal/backend-data.js';
import { poolGeometry } from '../../internal/geometry.js';
import type { Geometry } from '../../internal/geometry.js';
import type { KernelArgs, PoolGradAttrs } from '../../internal/kernel-types.js';
import { loopKernel } from '../../internal/loop-kernel.js';
import { maxPoolGradLoop, maxPoolGradTiled2x2Loop } from '../../internal/max-pool-grad-loop.js';
import { heapOffset, nativeKernel, nativeKernels } from '../../internal/native.js';

/** 2x2 windows at stride 2 tiling the input exactly. */
function isTiled2x2(g: Geometry): boolean {
  return g.kh === 2 && g.kw === 2 && g.sh === 2 && g.sw === 2 && g.dh === 1 && g.dw === 1 && g.top === 0 && g.left === 0 && g.h === 2 * g.oh && g.w === 2 * g.ow;
}

/** MaxPoolGrad: native SIMD over the wasm heap where it runs, else one typed-array pass over the windows (branch-free for 2x2/2). */
export function maxPoolGrad(args: KernelArgs): TensorInfo {
  const attrs = args.attrs as unknown as PoolGradAttrs;
  const { dy, input } = args.inputs as { dy: TensorInfo; input: TensorInfo };
  const g = poolGeometry(input.shape, attrs.filterSize, attrs.strides, attrs.pad, attrs.dimRoundingMode);
  const native = input.dtype === 'float32' && dy.dtype === 'float32' ? nativeKernels(args.backend) : undefined;
  if (native !== undefined) {
    const [d, x] = [heapOffset(args.backend, dy), heapOffset(args.backend, input)];
    return nativeKernel(args.backend, [input.shape], 0, ([dx]) =>
      isTiled2x2(g)
        ? native.max_pool_grad_2x2(d, x, g.n, g.h, g.w, g.c, dx!)
        : native.max_pool_grad(d, x, g.n, g.h, g.w, g.c, g.oh, g.ow, g.kh, g.kw, g.sh, g.sw, g.dh, g.dw, g.top, g.left, dx!),
    )[0]!;
  }
  if (isTiled2x2(g)) {
    return loopKernel(args.backend, [dy, input], [input.shape], ([d, x], [dx]) => maxPoolGradTiled2x2Loop(d!, x!, g, dx!))[0]!;
  }
  return makeF32(args.backend, input.shape.slice(), maxPoolGradLoop(readF32(args.backend, dy), readF32(args.backend, input), g));
}
