/**
 * The layout of a reduction over a run of leading or trailing axes: `outer` rows of `inner`
 * values. Leading axes reduce the rows (a bias or batch-norm gradient: N, H, W of NHWC),
 * trailing axes each row. Other axis sets are `undefined` (left to the stock kernel).
 */
export interface ReduceLayout {
  leading: boolean;
  outer: number;
  inner: number;
  /** The output shape (keepDims applied). */
  shape: number[];
  /** How many values each output sums. */
  count: number;
}

export function reduceLayout(shape: readonly number[], axes: readonly number[], keepDims: boolean): ReduceLayout | undefined {
  const rank = shape.length;
  const sorted = [...axes].sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  const leading = sorted.every((a, i) => a === i);
  const trailing = sorted.every((a, i) => a === rank - sorted.length + i);
  if (!leading && !trailing) return undefined;
  const kept = shape.filter((_, i) => !sorted.includes(i));
  const reduced = shape.filter((_, i) => sorted.includes(i));
  const size = (s: readonly number[]) => s.reduce((p, d) => p * d, 1);
  const inner = leading ? size(kept) : size(reduced);
  const outer = inner === 0 ? 0 : size(shape) / inner;
  return {
    leading,
    outer,
    inner,
    shape: keepDims ? shape.map((d, i) => (sorted.includes(i) ? 1 : d)) : kept,
    count: size(reduced),
  };
}

/** Sums (times `scale`) per `layout`, accumulating in float64. */
export function reduceSum(v: Float32Array, layout: ReduceLayout, scale = 1): Float32Array {
  const { leading, outer, inner } = layout;
  if (leading) {
    const acc = new Float64Array(inner);
    for (let r = 0, o = 0; r < outer; r++, o += inner) {
      for (let j = 0; j < inner; j++) acc[j] = acc[j]! + v[o + j]!;
    }
    const out = new Float32Array(inner);
    for (let j = 0; j < inner; j++) out[j] = acc[j]! * scale;
    return out;
  }
  const out = new Float32Array(outer);
  for (let r = 0, o = 0; r < outer; r++, o += inner) {
    let s = 0;
    for (let j = 0; j < inner; j++) s += v[o + j]!;
    out[r] = s * scale;
  }
  return out;
}
