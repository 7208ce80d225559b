import { tf } from '@dl/core';
import { Lambda, Module, Sequential } from '@dl/layers';
import type { Layer } from '@dl/layers';
import { checkKeys, checkObject, show } from './internal/check.js';
import { cutSequential, inWidth, outWidth } from './internal/cut.js';
import { checkModule } from './internal/modules.js';
import { blocksOf } from './parameter-blocks.js';

export interface ReplaceHeadOptions {
  /**
   * The first child replaced (index or name of a top-level child); default: the first child of the
   * last parameter block (the classifier, with the batch norm after it if any).
   */
  at?: string | number;
  /** Free the replaced children's variables (default true). */
  dispose?: boolean;
  /**
   * One example's shape (`[28, 28, 1]`): lets the width check run the backbone on one zero
   * example when it cannot be read from the layers (a Flatten before the head).
   */
  inputShape?: readonly number[];
}

/** Implemented by the TF.js adapter. */
interface HasReplaceHead {
  transferReplaceHead(head: Layer, options: ReplaceHeadOptions, where: string): Module;
}

/**
 * A new model: the children of `model` before `at`, then `head` (timm's `reset_classifier` with a
 * head of your own). The backbone modules are shared, not copied; the replaced children are
 * disposed unless `dispose: false`, so do not use `model` afterwards. The head's input width is
 * checked against what the backbone gives before anything changes: `replaceHead: the head takes
 * 256 features (dense.inFeatures) but the backbone gives 64 at '10'`.
 */
export function replaceHead<M extends Module>(model: M, head: Layer, options: ReplaceHeadOptions = {}): M {
  const where = 'replaceHead';
  checkModule(where, model);
  checkObject(where, 'options', options);
  checkKeys(where, options, ['at', 'dispose', 'inputShape']);
  if (!(head instanceof Module) && typeof head !== 'function') throw new TypeError(`${where}: head must be a Module or a function (x) => Tensor, got ${show(head)}`);
  if (options.dispose !== undefined && typeof options.dispose !== 'boolean') throw new TypeError(`${where}: dispose must be a boolean, got ${show(options.dispose)}`);
  if (options.inputShape !== undefined && (!Array.isArray(options.inputShape) || options.inputShape.some((d) => !Number.isInteger(d) || d < 1))) {
    throw new TypeError(`${where}: inputShape must be a list of positive integers (one example's shape), got ${show(options.inputShape)}`);
  }
  if (typeof (model as Partial<HasReplaceHead>).transferReplaceHead === 'function') {
    return (model as unknown as HasReplaceHead).transferReplaceHead(head, options, where) as M;
  }
  if (!(model instanceof Sequential)) throw new TypeError(`${where}: replaces the head of a Sequential or a TF.js model from fromLayersModel; got a '${model.kind}' module`);
  const at = headIndex(model, options.at, where);
  if (at === 0) throw new RangeError(`${where}: at 0 would replace the whole model`);
  const kept = cutSequential(model, at - 1, where);
  const headModule = head instanceof Module ? head : new Lambda(head);
  const removed = model.layers.slice(at);
  checkWidth(kept.prefix, headModule, kept.at, options.inputShape, where, removed);
  const out = new Sequential([...kept.prefix, headModule]);
  out.train(model.training);
  if (options.dispose ?? true) for (const m of removed) m.dispose();
  return out as Module as M;
}

/** The index of the first replaced child. */
export function headIndex(model: Sequential, at: string | number | undefined, where: string): number {
  if (at === undefined) {
    const blocks = blocksOf(model, Object.keys(model.parameters()), 'children', where);
    const first = blocks[blocks.length - 1]![0]!.split('.')[0]!;
    return Number(first);
  }
  const i = typeof at === 'string' && /^\d+$/.test(at) ? Number(at) : at;
  if (typeof i !== 'number' || !Number.isInteger(i) || i < 0 || i >= model.layers.length) {
    throw new RangeError(`${where}: at must be a top-level child index in [0, ${model.layers.length - 1}], got ${show(at)}`);
  }
  return i;
}

/**
 * Compares widths read from the layers (the backbone's last Dense/Conv2d/BatchNorm, or the input
 * width of the head being replaced), or from one zero example through the backbone when neither
 * tells and `inputShape` is given.
 */
export function checkWidth(prefix: readonly Module[], head: Module, at: string, inputShape: readonly number[] | undefined, where: string, removed: readonly Module[] = []): void {
  const want = inWidth(head);
  if (want === undefined) return;
  // from the backbone's last layer with a width, else from what the replaced head took
  let have = outWidth(prefix)?.width ?? (removed.length > 0 ? inWidth(new Sequential([...removed]))?.width : undefined);
  if (have === undefined && inputShape !== undefined) {
    const view = new Sequential([...prefix]);
    have = tf.tidy(() => {
      const y = view.apply(tf.zeros([1, ...inputShape]), { training: false });
      return y.shape[y.rank - 1]!;
    });
  }
  if (have !== undefined && have !== want.width) {
    throw new RangeError(`${where}: the head takes ${want.width} features (${want.source}) but the backbone gives ${have} at '${at}'`);
  }
}
