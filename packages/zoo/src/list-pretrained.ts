import { ENTRIES } from './internal/manifest.js';
import type { PretrainedEntry } from './types.js';

/**
 * The zoo's models, as their manifest entries (copies: changing one changes nothing here), in
 * manifest order: name, description, architecture, data, the exact command that made the
 * weights, test accuracies (stored dtype and float32) and storage (file, dtype, bytes, sha256).
 */
export function listPretrained(): PretrainedEntry[] {
  return ENTRIES.map((e) => structuredClone(e));
}
