import { Module } from '@dl/layers';
import { show } from './check.js';

/** The encoder and head of a proxy task: two distinct modules, before anything is made. */
export function checkEncoderHead(where: string, encoder: unknown, head: unknown, headName: string): void {
  if (!(encoder instanceof Module)) throw new TypeError(`${where}: encoder must be a @dl/layers Module, got ${show(encoder)}`);
  if (!(head instanceof Module)) throw new TypeError(`${where}: ${headName} must be a @dl/layers Module, got ${show(head)}`);
  if (encoder === head) throw new RangeError(`${where}: encoder and ${headName} must be different modules`);
}

/** An optional views transform. */
export function checkViews(where: string, views: unknown): void {
  if (typeof views !== 'function') throw new TypeError(`${where}: views must be a function (images, rng) => images (e.g. @dl/augment's compose([...])), got ${show(views)}`);
}
