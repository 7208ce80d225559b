import { dlTsupConfig } from '../../tooling/tsup-config.js';

// shims: import.meta.url in the CJS build too (the packaged weights are located from it).
export default dlTsupConfig({ entry: { index: 'src/index.ts' }, shims: true });
