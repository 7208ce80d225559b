// Node entry: everything of the main entry, with file checkpoints, a terminal progress bar and
// learning-curve files in place of the in-memory / callback versions.
export * from './index.js';
export { checkpoint } from './node/checkpoint.js';
export { fileStore } from './node/file-store.js';
export { progress } from './node/progress.js';
export type { TerminalProgressOptions } from './node/progress.js';
export { learningCurves } from './node/learning-curves.js';
