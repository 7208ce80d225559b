import { closest } from './closest.js';
import { ENTRIES } from './manifest.js';
import type { PretrainedEntry } from '../types.js';

/** The manifest entry called `name`; an unknown name throws a RangeError listing the names and the closest. */
export function findEntry(name: unknown, where: string): PretrainedEntry {
  const names = ENTRIES.map((e) => e.name);
  if (typeof name !== 'string') throw new TypeError(`${where}: the model name must be a string, got ${name === null ? 'null' : typeof name} (models: ${names.join(', ')})`);
  const entry = ENTRIES.find((e) => e.name === name);
  if (entry) return entry;
  const near = closest(name, names);
  throw new RangeError(`${where}: no pretrained model named '${name}'${near ? ` (did you mean '${near}'?)` : ''}; the zoo has ${names.map((n) => `'${n}'`).join(', ')}`);
}
