import { Conv2DBackpropInput, getKernel } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { disposeInfo, makeWasmOutput, readF32, wasmView } from '../../internal/backend-data.js';
import { isChannelsFirst } from '../../internal/geometry.js';
import type { ConvGradAttrs, KernelArgs } from '../../internal/kernel-types.js';
import { heapOffset, nativeKernels } from '../../internal/native.js';
import { runOriginal } from '../../internal/originals.js';
import { inputGradGeometry } from './impl.js';

/**
 * wasm: dx is a forward convolution (XNNPACK) of dy, spread out by the strides and
 * padded so every tap lines up, with the filter flipped and its channels swapped:
 * dx[i] = sum_k dyUp[i + P - k*d] w[k] = sum_k' dyUp'[i + k'*d] w[K-1-k'].
 * The stock wasm kernel is a scalar loop, 10-40x slower.
 */
function wasmKernel(args: KernelArgs): TensorInfo {
  const attrs = args.attrs as unknown as ConvGradAttrs;
  if (isChannelsFirst(attrs.dataFormat)) return runOriginal(Conv2DBackpropInput, 'wasm', args, 'NCHW');
  const { backend } = args;
  const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
  const g = inputGradGeometry(filter, attrs);
  const { n: N, h: H, w: W, c: C, oh: OH, ow: OW, oc: O, kh: KH, kw: KW, sh, sw, dh, dw, top, left } = g;
  const HP = H + (KH - 1) * dh;
  const WP = W + (KW - 1) * dw;
  const P = (KH - 1) * dh - top;
  const Q = (KW - 1) * dw - left;
  const padded = makeWasmOutput(backend, [N, HP, WP, O]);
  const flipped = makeWasmOutput(backend, [KH, KW, O, C]);
  const native = dy.dtype === 'float32' ? nativeKernels(backend) : undefined;
  if (native !== undefined) {
    native.spread_pad(heapOffset(backend, dy), N, OH, OW, O, HP, WP, P, Q, sh, sw, heapOffset(backend, padded));
  }
  // Views only after the last allocation: growing the heap detaches them.
  const pv = wasmView(backend, padded);
  const fv = wasmView(backend, flipped);
  const dyv = readF32(backend, dy);
  const wv = readF32(backend, filter);
  if (native === undefined) {
    pv.fill(0);
    for (let b = 0; b < N; b++) {
      for (let oy = 0; oy < OH; oy++) {
        const py = P + oy * sh;
        if (py < 0 || py >= HP) continue;
        for (let ox = 0; ox < OW; ox++) {
          const px = Q + ox * sw;
          if (px < 0 || px >= WP) continue;
          const src = ((b * OH + oy) * OW + ox) * O;
          pv.set(dyv.subarray(src, src + O), ((b * HP + py) * WP + px) * O);
        }
      }
    }
  }
  for (let ky = 0; ky < KH; ky++) {
    for (let kx = 0; kx < KW; kx++) {
      const from = ((KH - 1 - ky) * KW + (KW - 1 - kx)) * C * O;
      const to = (ky * KW + kx) * O * C;
      for (let ci = 0; ci < C; ci++) {
        for (let co = 0; co < O; co++) fv[to + co * C + ci] = wv[from + ci * O + co]!;
      }
    }
  }
  const conv = getKernel('Conv2D', 'wasm')!.kernelFunc as KernelFunc;
  const out = conv({
    inputs: { x: padded, filter: flipped },
    backend,
    attrs: { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [dh, dw], dimRoundingMode: undefined } as never,
  }) as TensorInfo;
  disposeInfo(backend, padded);
  disposeInfo(backend, flipped);
  return { dataId: out.dataId, shape: attrs.inputShape!.slice(), dtype: 'float32' };
}

/** Conv2DBackpropInput for wasm: a forward XNNPACK convolution of the spread-out dy. */
export const conv2dBackpropInputWasm: KernelConfig = {
  kernelName: Conv2DBackpropInput,
  backendName: 'wasm',
  kernelFunc: wasmKernel as unknown as KernelFunc,
};
