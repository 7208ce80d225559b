import { tf } from '@dl/core';

/**
 * A kernel `[kh, kw, a, b]` with `d − 1` zeros between taps: `[(kh−1)·dh+1, (kw−1)·dw+1, a, b]`.
 * TF.js has no gradient for dilated convolutions (nor stride and dilation together), so
 * dilation is done on the kernel with differentiable ops and the convolution runs undilated.
 */
export function dilateKernel(kernel: tf.Tensor, dilation: [number, number]): tf.Tensor {
  const [dh, dw] = dilation;
  if (dh === 1 && dw === 1) return kernel;
  const [kh, kw, a, b] = kernel.shape as [number, number, number, number];
  // Two passes of rank ≤ 4 (WebGPU's shaders take no rank-6 tensors).
  const h = (kh - 1) * dh + 1;
  const rows = tf.pad(kernel.reshape([kh, 1, kw * a * b]), [[0, 0], [0, dh - 1], [0, 0]]).reshape([kh * dh, kw, a, b]);
  const tall = tf.slice(rows, [0, 0, 0, 0], [h, kw, a, b]);
  const cols = tf.pad(tall.reshape([h, kw, 1, a * b]), [[0, 0], [0, 0], [0, dw - 1], [0, 0]]).reshape([h, kw * dw, a, b]);
  return tf.slice(cols, [0, 0, 0, 0], [h, (kw - 1) * dw + 1, a, b]);
}
