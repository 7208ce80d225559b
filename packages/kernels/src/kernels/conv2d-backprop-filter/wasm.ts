import { Conv2DBackpropFilter, getKernel } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { disposeInfo, makeF32, makeWasmOutput, readF32, wasmView } from '../../internal/backend-data.js';
import { isChannelsFirst } from '../../internal/geometry.js';
import { im2colT, imagesPerChunk } from '../../internal/im2col.js';
import type { ConvGradAttrs, KernelArgs } from '../../internal/kernel-types.js';
import { heapOffset, nativeKernel, nativeKernels } from '../../internal/native.js';
import { runOriginal } from '../../internal/originals.js';
import { filterGradGeometry } from './impl.js';

// Columns (im2col, transposed) per chunk are kept under this many floats (32 MB).
const DEFAULT_CHUNK_FLOATS = 1 << 23;
let chunkFloats = DEFAULT_CHUNK_FLOATS;

/** @internal For tests: a smaller column budget exercises the chunked path. */
export function setColumnChunkFloats(floats = DEFAULT_CHUNK_FLOATS): void {
  chunkFloats = floats;
}

/**
 * wasm: dW = colsᵀ · dy as one XNNPACK matmul per batch chunk, where colsᵀ [K, M]
 * (K = kh*kw*inC, M = images*outH*outW) is the transposed im2col of x, written
 * straight into the heap. This orientation is the fast one for wasm's BatchMatMul
 * (the transposeA/transposeB variants are several times slower).
 */
function wasmKernel(args: KernelArgs): TensorInfo {
  const attrs = args.attrs as unknown as ConvGradAttrs;
  if (isChannelsFirst(attrs.dataFormat)) return runOriginal(Conv2DBackpropFilter, 'wasm', args, 'NCHW');
  const { backend } = args;
  const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
  const g = filterGradGeometry(x, attrs);
  const K = g.kh * g.kw * g.c;
  const native = x.dtype === 'float32' && dy.dtype === 'float32' ? nativeKernels(backend) : undefined;
  if (native !== undefined && g.c < 8) {
    // Few input channels (a first layer): the direct loop reads dy once; the GEMM below would
    // spend most of its time packing dy, its large operand (10 ms -> 3 ms at 28x28x1 -> 32, batch 128).
    const [xo, dyo] = [heapOffset(backend, x), heapOffset(backend, dy)];
    const size = K * g.oc;
    return nativeKernel(backend, [attrs.filterShape!], 2 * size, ([out], scratch) =>
      native.conv_filter_grad_direct(xo, dyo, g.n, g.h, g.w, g.c, g.oh, g.ow, g.oc, g.kh, g.kw, g.sh, g.sw, g.dh, g.dw, g.top, g.left, scratch, out!),
    )[0]!;
  }
  const perImage = g.oh * g.ow;
  const images = imagesPerChunk(g, chunkFloats);
  const matMul = getKernel('BatchMatMul', 'wasm')!.kernelFunc as KernelFunc;
  let acc: Float64Array | undefined;
  for (let b0 = 0; b0 < g.n; b0 += images) {
    const nb = Math.min(images, g.n - b0);
    const M = nb * perImage;
    const cols = makeWasmOutput(backend, [1, K, M]);
    const whole = nb === g.n;
    const dyChunk = whole ? { dataId: dy.dataId, shape: [1, M, g.oc], dtype: dy.dtype } : makeWasmOutput(backend, [1, M, g.oc]);
    // Views only after the last allocation: growing the heap detaches them.
    if (native !== undefined) {
      native.im2col_t(heapOffset(backend, cols), heapOffset(backend, x), g.h, g.w, g.c, g.oh, g.ow, g.kh, g.kw, g.sh, g.sw, g.dh, g.dw, g.top, g.left, b0, nb);
    } else {
      im2colT(wasmView(backend, cols), readF32(backend, x), g, b0, nb);
    }
    if (!whole) {
      const src = readF32(backend, dy);
      wasmView(backend, dyChunk).set(src.subarray(b0 * perImage * g.oc, (b0 + nb) * perImage * g.oc));
    }
    const out = matMul({ inputs: { a: cols, b: dyChunk }, backend, attrs: { transposeA: false, transposeB: false } }) as TensorInfo;
    disposeInfo(backend, cols);
    if (!whole) disposeInfo(backend, dyChunk);
    if (whole) return { dataId: out.dataId, shape: attrs.filterShape!.slice(), dtype: 'float32' };
    acc ??= new Float64Array(K * g.oc);
    const part = wasmView(backend, out);
    for (let i = 0; i < part.length; i++) acc[i] = acc[i]! + part[i]!;
    disposeInfo(backend, out);
  }
  return makeF32(backend, attrs.filterShape!, Float32Array.from(acc!));
}

/** Conv2DBackpropFilter for wasm (which has none): im2col + XNNPACK matmul. */
export const conv2dBackpropFilterWasm: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: wasmKernel as unknown as KernelFunc,
};
