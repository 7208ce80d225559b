import { tf } from '@dl/core';

/**
 * `planes[at[i, 0], at[i, 1]]` (`[P, HW]`, `[M, 2]` → `[M]`), with a gradient that puts `dy`
 * back at those places by `ScatterNd` (summing repeats). `tf.gather`'s own gradient is an
 * `UnsortedSegmentSum`, which TF.js's wasm backend lacks; a 0/1 selection matrix would
 * multiply an infinite input by 0. (`gatherND` rather than `gather` with `batchDims`, which
 * gives wrong rows on wasm and fails to compile for int32 on WebGPU in TF.js 4.22.) `at` is
 * kept for the backward pass through `save` and is not an input of the op, so no gradient is
 * asked of the ops that computed it.
 */
function selectAt(planes: tf.Tensor2D, at: tf.Tensor2D): tf.Tensor1D {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [src, save] = args as [tf.Tensor, tf.GradSaveFunc];
    save([at]);
    return {
      value: tf.gatherND(src, at),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.scatterND(saved[0]!, dy, planes.shape),
    };
  });
  return op(planes) as tf.Tensor1D;
}

export interface WindowMaxResult {
  /** The maxima, `[N, oh, ow, C]`. */
  output: tf.Tensor4D;
  /** Where each maximum lies in its plane, `h · W + w` (int32, `[N, oh, ow, C]`): PyTorch's `indices`. */
  indices?: tf.Tensor4D;
}

/**
 * Max over windows of pixels in each plane (sample n, channel c) of NHWC `x`. `windows` holds,
 * for each plane (`n · C + c`) and each of its `oh · ow` outputs (row-major), `k` positions
 * `h · W + w` in the plane, in scan order (`[N·C, oh·ow, k]`). A window smaller than `k`
 * repeats one of its positions, which changes neither the maximum nor where it is. The first
 * maximum in scan order wins a tie (PyTorch's rule; `argMax`'s on cpu and wasm). Values are
 * picked, never multiplied, so ±∞ stay as they are; the gradient goes to the chosen position.
 * Every index stays below N·C and H·W (WebGL holds int32 as float32).
 */
export function windowMax(x: tf.Tensor4D, windows: Int32Array, k: number, outSize: [number, number], withIndices: boolean): WindowMaxResult {
  const [n, h, w, c] = x.shape;
  const [oh, ow] = outSize;
  const m = n * oh * ow * c;
  const planes = tf.transpose(x, [0, 3, 1, 2]).reshape([n * c, h * w]) as tf.Tensor2D;
  // The windows in the output's NHWC order, so that nothing int32 is transposed (TF.js's WebGPU
  // casts int32 to float32 by relabelling, and its transpose shader fails for int32).
  const table = new Int32Array(m * k);
  const slots = new Int32Array(m * k * 2); // (plane, position) of every window slot
  const rows = new Int32Array(m);
  const planeOf = new Int32Array(m);
  let r = 0;
  for (let ni = 0; ni < n; ni++) {
    for (let i = 0; i < oh; i++) {
      for (let j = 0; j < ow; j++) {
        for (let ci = 0; ci < c; ci++, r++) {
          const plane = ni * c + ci;
          const from = ((plane * oh + i) * ow + j) * k;
          table.set(windows.subarray(from, from + k), r * k);
          rows[r] = r;
          planeOf[r] = plane;
          for (let s = r * k; s < (r + 1) * k; s++) {
            slots[2 * s] = plane;
            slots[2 * s + 1] = table[s]!;
          }
        }
      }
    }
  }
  const values = tf.gatherND(planes, tf.tensor2d(slots, [m * k, 2], 'int32')).reshape([m, k]);
  const best = tf.argMax(values, 1);
  const pos = tf.gatherND(tf.tensor2d(table, [m, k], 'int32'), tf.stack([tf.tensor1d(rows, 'int32'), best], 1));
  const output = selectAt(planes, tf.stack([tf.tensor1d(planeOf, 'int32'), pos], 1) as tf.Tensor2D).reshape([n, oh, ow, c]) as tf.Tensor4D;
  return withIndices ? { output, indices: pos.reshape([n, oh, ow, c]) as tf.Tensor4D } : { output };
}
