import { dlTsupConfig } from '../../tooling/tsup-config.js';

export default dlTsupConfig({
  entry: {
    index: 'src/index.ts',
    node: 'src/node/index.ts',
    testing: 'src/testing/index.ts',
  },
  // The public tfjs-core entry stays external (one copy for the app); its deep
  // gradient and chained-op modules are bundled, as @tensorflow/tfjs does,
  // because tfjs-core publishes them only as extensionless ESM.
  external: [/^@tensorflow\/tfjs-core$/, /^@tensorflow\/tfjs-backend-/, /^@tensorflow\/tfjs-node/, 'webgpu', 'vitest', /^node:/, /^@dl\//],
  noExternal: [/^@tensorflow\/tfjs-core\/dist\//],
  // import.meta.url (the threaded wasm start in Node resolves tfjs's files from it) in the CJS build too.
  shims: true,
});
