import { AvgPool2d, BatchNorm, Conv2d, Dense, Dropout, Flatten, GlobalAvgPool2d, Lambda, MaxPool2d, Sequential } from '@dl/layers';
import type { Module } from '@dl/layers';
import { closest } from './closest.js';
import { show } from './check.js';

/** A Sequential cut after a child: the layers up to it (nested Sequentials cut by dotted path), the rest, and where. */
export interface Cut {
  /** The layers kept, in order (a nested Sequential cut inside appears as a new Sequential view). */
  prefix: Module[];
  /** The path of the last kept child (`'3'`, `'features.2'`). */
  at: string;
}

/** Child paths of a Sequential (nested Sequentials included), for messages. */
function paths(model: Sequential, prefix = ''): string[] {
  const out: string[] = [];
  model.layers.forEach((l, i) => {
    const p = `${prefix}${i}`;
    out.push(p);
    if (l instanceof Sequential) out.push(...paths(l, `${p}.`));
  });
  return out;
}

/**
 * Resolves `upTo` (an index, a child name, or a dotted path into nested Sequentials; inclusive) on
 * a Sequential, checked before anything is made.
 */
export function cutSequential(model: Sequential, upTo: string | number, where: string): Cut {
  if (typeof upTo === 'number') {
    if (!Number.isInteger(upTo) || upTo < 0 || upTo >= model.layers.length) {
      throw new RangeError(`${where}: upTo must be an integer in [0, ${model.layers.length - 1}] (a child of the Sequential), got ${show(upTo)}`);
    }
    return { prefix: model.layers.slice(0, upTo + 1), at: String(upTo) };
  }
  if (typeof upTo !== 'string' || upTo === '') throw new TypeError(`${where}: upTo must be a child index or a dotted path, got ${show(upTo)}`);
  const parts = upTo.split('.');
  const walkCut = (m: Sequential, i: number): Module[] => {
    const idx = Number(parts[i]);
    if (!/^\d+$/.test(parts[i]!) || idx >= m.layers.length) {
      throw new RangeError(`${where}: no child '${upTo}'; the closest are ${closest(upTo, paths(model))}`);
    }
    if (i === parts.length - 1) return m.layers.slice(0, idx + 1);
    const child = m.layers[idx]!;
    if (!(child instanceof Sequential)) throw new RangeError(`${where}: '${parts.slice(0, i + 1).join('.')}' is a ${child.kind}, not a Sequential to cut inside`);
    return [...m.layers.slice(0, idx), new Sequential(walkCut(child, i + 1))];
  };
  return { prefix: walkCut(model, 0), at: upTo };
}

/** The feature width the layers give (their last axis), when it is known without running them. */
export function outWidth(layers: readonly Module[]): { width: number; source: string } | undefined {
  for (let i = layers.length - 1; i >= 0; i--) {
    const l = layers[i]!;
    if (l instanceof Dense) return { width: l.outFeatures, source: `${l.kind}.outFeatures` };
    if (l instanceof Conv2d) return { width: l.outChannels, source: `${l.kind}.outChannels` };
    if (l instanceof BatchNorm) return { width: l.numFeatures, source: `${l.kind}.numFeatures` };
    if (l instanceof Sequential) return outWidth(l.layers);
    // these keep the last axis
    if (isActivation(l) || l instanceof Dropout || l instanceof MaxPool2d || l instanceof AvgPool2d || l instanceof GlobalAvgPool2d) continue;
    return undefined; // Flatten and anything else: only a run can tell
  }
  return undefined;
}

/** The feature width the head takes (its first layer with weights), when known. */
export function inWidth(layer: Module): { width: number; source: string } | undefined {
  if (layer instanceof Dense) return { width: layer.inFeatures, source: `${layer.kind}.inFeatures` };
  if (layer instanceof Conv2d) return { width: layer.inChannels, source: `${layer.kind}.inChannels` };
  if (layer instanceof BatchNorm) return { width: layer.numFeatures, source: `${layer.kind}.numFeatures` };
  if (layer instanceof Sequential) {
    for (const l of layer.layers) {
      if (isActivation(l) || l instanceof Dropout) continue;
      if (l instanceof Flatten) return undefined;
      return inWidth(l);
    }
  }
  return undefined;
}

// @dl/layers' activations (elementwise: the width stays); other functions may reshape
const ACTIVATIONS = new Set(['relu', 'sigmoid', 'tanh', 'softmax', 'leakyRelu', 'elu', 'selu']);
function isActivation(l: Module): boolean {
  return l instanceof Lambda && ACTIVATIONS.has(l.kind);
}
