import { dlTsupConfig } from '../../tooling/tsup-config.js';

export default dlTsupConfig({
  // `.` is browser-safe and needs no tfjs-layers; `./tfjs` is the LayersModel adapter (tfjs-layers,
  // an optional peer); `./node` writes and reads model files.
  entry: { index: 'src/index.ts', tfjs: 'src/tfjs.ts', node: 'src/node.ts' },
  // Shared code goes to a chunk so the entries do not carry copies of each other.
  splitting: true,
});
