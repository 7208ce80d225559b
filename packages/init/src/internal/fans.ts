import { checkFanShape } from './checks.js';

/** `computeFans` with the caller's name in its errors. */
export function fansOf(shape: unknown, where: string): { fanIn: number; fanOut: number } {
  checkFanShape(shape, where);
  const n = shape.length;
  let receptive = 1;
  for (let i = 0; i < n - 2; i++) receptive *= shape[i]!;
  return { fanIn: shape[n - 2]! * receptive, fanOut: shape[n - 1]! * receptive };
}
