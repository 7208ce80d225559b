import { tf } from '@dl/core';
import type { NamedTensors } from '@dl/core';

type Numeric = tf.Tensor | number | ArrayLike<number> | NestedNumbers;
interface NestedNumbers extends ReadonlyArray<number | NestedNumbers> {}

export interface CloseOptions {
  /** Relative tolerance (default 1e-5: float32 after a few operations). */
  rtol?: number;
  /** Absolute tolerance (default 1e-6). */
  atol?: number;
  /** Treat NaN as equal to NaN (default true). */
  equalNaN?: boolean;
  /** Prefix for the error message. */
  message?: string;
}

function shapeOf(value: Numeric): number[] | undefined {
  if (value instanceof tf.Tensor) return value.shape;
  if (typeof value === 'number') return [];
  if (!Array.isArray(value)) return undefined; // typed array: compared flat
  const shape: number[] = [];
  let node: unknown = value;
  while (Array.isArray(node)) {
    shape.push(node.length);
    node = node[0];
  }
  return shape;
}

// Async reads: WebGPU in Node (Dawn) has no synchronous readback.
async function valuesOf(value: Numeric): Promise<ArrayLike<number>> {
  if (value instanceof tf.Tensor) return (await value.data()) as ArrayLike<number>;
  if (typeof value === 'number') return [value];
  if (Array.isArray(value)) return (value as unknown[]).flat(Infinity) as number[];
  return value as ArrayLike<number>;
}

async function compare(actual: Numeric, expected: Numeric, options: CloseOptions, label: string): Promise<void> {
  const { rtol = 1e-5, atol = 1e-6, equalNaN = true } = options;
  const as = shapeOf(actual);
  const es = shapeOf(expected);
  if (as !== undefined && es !== undefined && (as.length !== es.length || as.some((d, i) => d !== es[i]))) {
    throw new Error(`${label}: shapes differ: actual [${as}] vs expected [${es}]`);
  }
  const [a, e] = await Promise.all([valuesOf(actual), valuesOf(expected)]);
  if (a.length !== e.length) throw new Error(`${label}: sizes differ: actual ${a.length} vs expected ${e.length}`);
  let bad = 0;
  let worst = -1;
  let worstExcess = -Infinity;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = e[i]!;
    if (Number.isNaN(x) || Number.isNaN(y)) {
      if (!(equalNaN && Number.isNaN(x) && Number.isNaN(y))) {
        bad++;
        if (worstExcess < Infinity) [worst, worstExcess] = [i, Infinity];
      }
      continue;
    }
    if (x === y) continue; // equal infinities
    const excess = Math.abs(x - y) - (atol + rtol * Math.abs(y));
    if (!(excess <= 0)) {
      bad++;
      if (excess > worstExcess) [worst, worstExcess] = [i, excess];
    }
  }
  if (bad > 0) {
    const x = a[worst]!;
    const y = e[worst]!;
    throw new Error(
      `${label}: ${bad} of ${a.length} values differ beyond atol ${atol} + rtol ${rtol}; worst at flat index ${worst}: ` +
        `actual ${x}, expected ${y} (abs diff ${Math.abs(x - y)}, rel ${Math.abs(x - y) / Math.abs(y)})`,
    );
  }
}

/**
 * Throws unless `actual` is elementwise within `atol + rtol * |expected|` of `expected`,
 * with the same shape. Both may be tensors, numbers, (nested) arrays or typed arrays; two
 * maps of named tensors are compared name by name. Reads values asynchronously: await it.
 */
export async function expectTensorsClose(
  actual: Numeric | NamedTensors,
  expected: Numeric | NamedTensors,
  options: CloseOptions = {},
): Promise<void> {
  const label = options.message ?? 'expectTensorsClose';
  const isMap = (v: unknown): v is NamedTensors =>
    v !== null && typeof v === 'object' && !(v instanceof tf.Tensor) && !Array.isArray(v) && !ArrayBuffer.isView(v);
  if (isMap(actual) || isMap(expected)) {
    if (!isMap(actual) || !isMap(expected)) throw new Error(`${label}: cannot compare a map of named tensors with a single value`);
    const missing = Object.keys(expected).filter((k) => !(k in actual));
    const extra = Object.keys(actual).filter((k) => !(k in expected));
    if (missing.length > 0 || extra.length > 0) throw new Error(`${label}: names differ (missing: ${missing.join(', ') || '-'}; extra: ${extra.join(', ') || '-'})`);
    for (const name of Object.keys(expected)) await compare(actual[name]!, expected[name]!, options, `${label} [${name}]`);
    return;
  }
  await compare(actual, expected, options, label);
}
