import { Dense, Module, Sequential, dense } from '@dl/layers';
import type { SeedLike } from '@dl/core';
import { checkInt, checkKeys, checkObject } from './internal/check.js';
import { checkModule } from './internal/modules.js';
import { replaceHead } from './replace-head.js';

export interface ResetClassifierOptions {
  /** Seeds the new layer's PyTorch default init. */
  seed?: SeedLike;
}

/** Implemented by the TF.js adapter. */
interface HasResetClassifier {
  transferResetClassifier(classes: number, options: ResetClassifierOptions, where: string): Module;
}

/**
 * timm's `reset_classifier(num_classes)`: the last Dense becomes a new `dense(in, classes)` with
 * PyTorch's default init, and the parameter-free layers after it (a softmax) go, since the losses
 * take logits. Returns a new model sharing the rest (see `replaceHead`).
 */
export function resetClassifier<M extends Module>(model: M, classes: number, options: ResetClassifierOptions = {}): M {
  const where = 'resetClassifier';
  checkModule(where, model);
  checkInt(where, 'classes', classes, 1);
  checkObject(where, 'options', options);
  checkKeys(where, options, ['seed']);
  if (typeof (model as Partial<HasResetClassifier>).transferResetClassifier === 'function') {
    return (model as unknown as HasResetClassifier).transferResetClassifier(classes, options, where) as M;
  }
  if (!(model instanceof Sequential)) throw new TypeError(`${where}: resets the classifier of a Sequential or a TF.js model from fromLayersModel; got a '${model.kind}' module`);
  let at = -1;
  model.layers.forEach((l, i) => {
    if (l instanceof Dense) at = i;
  });
  if (at < 0) throw new RangeError(`${where}: the model has no top-level Dense layer to reset`);
  const after = model.layers.slice(at + 1).filter((l) => Object.keys(l.parameters()).length > 0);
  if (after.length > 0) throw new RangeError(`${where}: layers with parameters follow the last Dense ('${model.layers.indexOf(after[0]!)}'); use replaceHead`);
  const old = model.layers[at] as Dense;
  return replaceHead(model, dense(old.inFeatures, classes, { seed: options.seed }), { at }) as Module as M;
}
