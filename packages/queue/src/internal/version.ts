// Bundled from package.json at build time, so a version bump (changesets) changes it too.
import manifest from '../../package.json' with { type: 'json' };

/**
 * This package's version, sent with every trial: a worker on another version refuses the trial
 * (the trial code and the task format may differ).
 */
export const VERSION: string = manifest.version;
