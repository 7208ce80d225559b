import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    node: 'src/node.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
  // Shared code goes to a chunk so ./node does not carry a second copy of the main entry.
  splitting: true,
  external: ['@tensorflow/tfjs-core', '@dl/core', 'mnist', /^node:/],
  // Keep `node:fs` etc. as written; bare `fs` would look browser-resolvable to bundlers.
  removeNodeProtocol: false,
});
