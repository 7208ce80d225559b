import { tf } from '@dl/core';
import { checkObject, show } from './internal/check.js';

/** Examples and integer class labels: `{x, y}`, or a `@dl/datasets` `ImageDataset` (`{images, labels}`). */
export type DataLike = { x: tf.Tensor; y: tf.Tensor } | { images: tf.Tensor; labels: tf.Tensor };

/** Examples `x` (`[N, ...]`) and labels `y` (`[N]` int32 class ids, or `[N, C]` soft labels). */
export interface Dataset {
  x: tf.Tensor;
  y: tf.Tensor;
}

/** Normalises `{x, y}` / `{images, labels}` and checks the counts agree (no tensor is made). */
export function toDataset(data: unknown, fn: string, name = 'data'): Dataset {
  checkObject(fn, name, data);
  const d = data as Record<string, unknown>;
  const x = d.x ?? d.images;
  const y = d.y ?? d.labels;
  if (!(x instanceof tf.Tensor)) throw new TypeError(`${fn}: ${name} must be {x, y} or {images, labels} of tensors, got ${show(data)}`);
  if (!(y instanceof tf.Tensor)) throw new TypeError(`${fn}: ${name}'s labels must be a tensor, got ${show(y)}`);
  if (x.isDisposed || y.isDisposed) throw new TypeError(`${fn}: ${name} holds a disposed tensor`);
  if (x.rank < 1 || (y.rank !== 1 && y.rank !== 2)) throw new RangeError(`${fn}: ${name}'s labels must be [N] class ids or [N, C] soft labels, got shape [${y.shape.join(', ')}]`);
  if (x.shape[0] !== y.shape[0]) {
    throw new RangeError(`${fn}: ${name} has ${x.shape[0]} examples but ${y.shape[0]} labels; the counts must match`);
  }
  return { x, y };
}

/** Number of examples. */
export function sizeOf(d: Dataset): number {
  return d.x.shape[0]!;
}

/** Rows `index` of both tensors. */
export function take(d: Dataset, index: Int32Array | number[]): Dataset {
  return tf.tidy(() => {
    const i = tf.tensor1d(index instanceof Int32Array ? index : Int32Array.from(index), 'int32');
    return { x: tf.gather(d.x, i), y: tf.gather(d.y, i) };
  });
}

/** Checks integer labels lie in [0, numClasses); one asynchronous readback. */
export async function checkLabels(d: Dataset, numClasses: number, fn: string, name = 'data'): Promise<void> {
  if (d.y.rank === 2) {
    if (d.y.shape[1] !== numClasses) throw new RangeError(`${fn}: ${name}'s soft labels have ${d.y.shape[1]} classes but the model outputs ${numClasses}`);
    return;
  }
  if (d.y.dtype !== 'int32' && d.y.dtype !== 'float32') throw new TypeError(`${fn}: ${name}'s labels must be int32 class ids, got dtype ${d.y.dtype}`);
  const values = await d.y.data();
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isInteger(v) || v < 0 || v >= numClasses) {
      throw new RangeError(`${fn}: ${name}'s label ${i} is ${v}, outside the model's classes [0, ${numClasses - 1}]`);
    }
  }
}
