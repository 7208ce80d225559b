import { dlTsupConfig } from '../../tooling/tsup-config.js';

export default dlTsupConfig({ entry: { index: 'src/index.ts' } });
