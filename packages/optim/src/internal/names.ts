import type { NamedTensors } from '@dl/core';

/** Same names and shapes, checked before any tensor is made. */
export function checkMatching(where: string, grads: NamedTensors, params: NamedTensors, what = 'gradients'): void {
  const missing = Object.keys(params).filter((n) => !(n in grads));
  const unexpected = Object.keys(grads).filter((n) => !(n in params));
  if (missing.length > 0 || unexpected.length > 0) {
    const parts: string[] = [];
    if (missing.length > 0) parts.push(`missing ${missing.map((n) => JSON.stringify(n)).join(', ')}`);
    if (unexpected.length > 0) parts.push(`unexpected ${unexpected.map((n) => JSON.stringify(n)).join(', ')}`);
    throw new RangeError(`${where}: ${what} do not match the parameters: ${parts.join('; ')}`);
  }
  for (const [n, p] of Object.entries(params)) {
    const g = grads[n]!;
    if (g.shape.length !== p.shape.length || g.shape.some((d, i) => d !== p.shape[i])) {
      throw new RangeError(
        `${where}: ${what} ${JSON.stringify(n)} has shape [${g.shape.join(', ')}], the parameter has [${p.shape.join(', ')}]`,
      );
    }
  }
}
