import { tf } from '@dl/core';
import { BatchNorm, Module } from '@dl/layers';
import { show } from './checks.js';

/** Anything with a module's variables by name: what weight averaging and ensembles need. */
export interface ModuleVariables {
  parameters(): Record<string, tf.Variable>;
  buffers(): Record<string, tf.Variable>;
}

export function checkModule(fn: string, name: string, value: unknown): asserts value is Module {
  if (!(value instanceof Module)) throw new TypeError(`${fn}: ${name} must be a Module from @dl/layers, got ${show(value)}`);
}

/** Every module of the tree, the root first (`nn.Module.modules()`). */
export function modules(root: Module): Module[] {
  const out: Module[] = [root];
  for (const child of Object.values(root.children())) out.push(...modules(child));
  return out;
}

export function batchNorms(root: Module): BatchNorm[] {
  return modules(root).filter((m): m is BatchNorm => m instanceof BatchNorm);
}

type Shaped = Record<string, { shape: readonly number[]; dtype: string }>;

/**
 * The first difference between two sets of named variables (names, shapes, dtypes), or
 * undefined: what "the same architecture" means for averaging and loading weights.
 */
export function architectureDifference(expected: Shaped, actual: Shaped): string | undefined {
  const missing = Object.keys(expected).filter((k) => !(k in actual));
  const extra = Object.keys(actual).filter((k) => !(k in expected));
  if (missing.length > 0 || extra.length > 0) {
    return `names differ (missing: ${missing.slice(0, 5).join(', ') || '-'}; unexpected: ${extra.slice(0, 5).join(', ') || '-'})`;
  }
  for (const [k, e] of Object.entries(expected)) {
    const a = actual[k]!;
    if (!tf.util.arraysEqual([...e.shape], [...a.shape])) return `'${k}' has shape [${a.shape.join(', ')}], expected [${e.shape.join(', ')}]`;
    if (e.dtype !== a.dtype) return `'${k}' has dtype ${a.dtype}, expected ${e.dtype}`;
  }
  return undefined;
}

/** Parameters and buffers by name. */
export function allVariables(m: ModuleVariables): Record<string, tf.Variable> {
  return { ...m.parameters(), ...m.buffers() };
}
