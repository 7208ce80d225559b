// Shared by the depthwise and separable tests: what an initializer is called with, and the
// statistics of what it made.
import { tf } from '@dl/core';

export type Init = (shape: number[], options: { seed?: unknown }) => tf.Tensor;

/** Wraps an initializer, recording the shapes it is called with. */
export function recording(init: (shape: number[], options: object) => tf.Tensor): { init: Init; shapes: number[][] } {
  const shapes: number[][] = [];
  return { shapes, init: (shape, options) => (shapes.push([...shape]), init(shape, options)) };
}

export async function stats(t: tf.Tensor): Promise<{ std: number; maxAbs: number }> {
  const v = await t.data();
  let sum = 0;
  let sq = 0;
  let maxAbs = 0;
  for (const x of v) {
    sum += x;
    sq += x * x;
    maxAbs = Math.max(maxAbs, Math.abs(x));
  }
  const mean = sum / v.length;
  return { std: Math.sqrt(sq / v.length - mean * mean), maxAbs };
}
