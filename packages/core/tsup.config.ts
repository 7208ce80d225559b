import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    node: 'src/node/index.ts',
    testing: 'src/testing/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  // Overwrite in place: other packages' test runs read this dist while it is rebuilt.
  clean: false,
  target: 'es2022',
  platform: 'neutral',
  splitting: false,
  removeNodeProtocol: false,
  // The public tfjs-core entry stays external (one copy for the app); its deep
  // gradient and chained-op modules are bundled, as @tensorflow/tfjs does,
  // because tfjs-core publishes them only as extensionless ESM.
  external: [/^@tensorflow\/tfjs-core$/, /^@tensorflow\/tfjs-backend-/, /^@tensorflow\/tfjs-node/, 'webgpu', 'vitest', /^node:/, '@dl/core'],
  noExternal: [/^@tensorflow\/tfjs-core\/dist\//],
});
