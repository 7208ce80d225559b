import { expect } from 'vitest';

/** Plain-number sequences from PyTorch match within 1e-9 relative (exactly where PyTorch gives 0). */
export const RTOL = 1e-9;

export function expectSequenceClose(actual: readonly number[], expected: readonly number[], rtol = RTOL): void {
  expect(actual.length).toBe(expected.length);
  const bad: string[] = [];
  actual.forEach((a, i) => {
    const e = expected[i] as number;
    if (!(Math.abs(a - e) <= rtol * Math.abs(e))) bad.push(`step ${i}: got ${a}, expected ${e}`);
  });
  expect(bad.slice(0, 5), `${bad.length} values differ`).toEqual([]);
}

/** Calling a schedule twice (in a different order) gives the same values: it is pure. */
export function expectPure(schedule: (t: number) => number, steps: number): void {
  const forward = Array.from({ length: steps }, (_, t) => schedule(t));
  const backward = Array.from({ length: steps }, (_, i) => schedule(steps - 1 - i)).reverse();
  expect(backward).toEqual(forward);
  expect(Array.from({ length: steps }, (_, t) => schedule(t))).toEqual(forward);
}

export interface Case<O> {
  torch: string;
  options: O;
  values: number[];
}
