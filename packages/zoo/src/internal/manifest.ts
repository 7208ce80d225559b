import data from '../../manifest.json';
import type { PretrainedEntry } from '../types.js';

/** The manifest's entries, bundled into the build (so listing needs no file access). */
export const ENTRIES: readonly PretrainedEntry[] = (data as unknown as { models: PretrainedEntry[] }).models;
