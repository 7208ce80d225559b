import * as tf from '@tensorflow/tfjs-core';
import { show } from './internal/errors.js';

/** Tensors keyed by dotted paths (`block1.conv.kernel`): parameters, gradients, optimizer state. */
export type NamedTensors<T extends tf.Tensor = tf.Tensor> = Record<string, T>;

/** Nested objects and arrays of tensors, as a module tree or an optimizer state holds them. */
export type TensorTree = tf.Tensor | readonly TensorTree[] | { readonly [key: string]: TensorTree };

function isTensor(value: unknown): value is tf.Tensor {
  return value instanceof tf.Tensor;
}

/** Flattens a tree into dotted names (`{a: {b: t}}` -> `{'a.b': t}`; array items by index). The tensors are not copied. */
export function flattenTensors(tree: TensorTree, prefix = ''): NamedTensors {
  const out: NamedTensors = {};
  const walk = (node: TensorTree, path: string): void => {
    if (isTensor(node)) {
      if (path === '') throw new TypeError('flattenTensors: a bare tensor needs a prefix to name it');
      if (path in out) throw new RangeError(`flattenTensors: two tensors would be named ${show(path)}`);
      out[path] = node;
      return;
    }
    if (node === null || typeof node !== 'object') {
      throw new TypeError(`flattenTensors: ${path === '' ? 'the tree' : show(path)} must be a tensor, an array or an object, got ${show(node)}`);
    }
    const entries = Array.isArray(node) ? node.map((v, i) => [String(i), v] as const) : Object.entries(node);
    for (const [key, child] of entries) {
      if (key === '' || key.includes('.')) throw new RangeError(`flattenTensors: key ${show(key)} under ${path === '' ? 'the root' : show(path)} may not be empty or contain '.'`);
      walk(child as TensorTree, path === '' ? key : `${path}.${key}`);
    }
  };
  walk(tree, prefix);
  return out;
}

/** The inverse of {@link flattenTensors}: dotted names back into nested objects. */
export function unflattenTensors(named: NamedTensors): { [key: string]: TensorTree } {
  const root: Record<string, unknown> = {};
  for (const [name, tensor] of Object.entries(named)) {
    const parts = name.split('.');
    if (parts.some((p) => p === '')) throw new RangeError(`unflattenTensors: name ${show(name)} has an empty segment`);
    let node = root;
    for (const part of parts.slice(0, -1)) {
      const next = node[part];
      if (next === undefined) node = node[part] = {};
      else if (isTensor(next)) throw new RangeError(`unflattenTensors: ${show(name)} nests under a tensor named ${show(part)}`);
      else node = next as Record<string, unknown>;
    }
    const leaf = parts[parts.length - 1]!;
    if (leaf in node) throw new RangeError(`unflattenTensors: ${show(name)} clashes with a group of the same name`);
    node[leaf] = tensor;
  }
  return root as { [key: string]: TensorTree };
}

/** Applies `fn` to every tensor; intermediates are freed (each call runs in `tf.tidy`). */
export function mapTensors<T extends tf.Tensor = tf.Tensor>(named: NamedTensors, fn: (tensor: tf.Tensor, name: string) => T): NamedTensors<T> {
  const out: NamedTensors<T> = {};
  for (const [name, tensor] of Object.entries(named)) out[name] = tf.tidy(() => fn(tensor, name));
  return out;
}

/** Throws unless `a` and `b` have exactly the same names; the message lists what is missing or extra. */
export function assertSameNames(a: Record<string, unknown>, b: Record<string, unknown>, where = 'assertSameNames'): void {
  const missing = Object.keys(a).filter((k) => !(k in b));
  const extra = Object.keys(b).filter((k) => !(k in a));
  if (missing.length > 0 || extra.length > 0) {
    const parts = [];
    if (missing.length > 0) parts.push(`missing ${missing.map((k) => show(k)).join(', ')}`);
    if (extra.length > 0) parts.push(`unexpected ${extra.map((k) => show(k)).join(', ')}`);
    throw new RangeError(`${where}: the names differ: ${parts.join('; ')}`);
  }
}

/** Combines two maps with the same names element by element; intermediates are freed. */
export function zipTensors<T extends tf.Tensor = tf.Tensor>(
  a: NamedTensors,
  b: NamedTensors,
  fn: (x: tf.Tensor, y: tf.Tensor, name: string) => T,
): NamedTensors<T> {
  assertSameNames(a, b, 'zipTensors');
  const out: NamedTensors<T> = {};
  for (const [name, x] of Object.entries(a)) out[name] = tf.tidy(() => fn(x, b[name]!, name));
  return out;
}

/** Copies every tensor (new tensors the caller owns). */
export function cloneTensors(named: NamedTensors): NamedTensors {
  return mapTensors(named, (t) => tf.clone(t));
}

/** Disposes every tensor in a map or tree (variables too); non-tensor leaves are ignored. */
export function disposeTensors(tree: TensorTree | NamedTensors | null | undefined): void {
  if (tree == null) return;
  if (isTensor(tree)) {
    if (!tree.isDisposed) tree.dispose();
    return;
  }
  if (typeof tree !== 'object') return;
  for (const child of Array.isArray(tree) ? tree : Object.values(tree)) disposeTensors(child as TensorTree);
}

/** The number of elements across every tensor. */
export function countElements(named: NamedTensors): number {
  let n = 0;
  for (const t of Object.values(named)) n += t.size;
  return n;
}
