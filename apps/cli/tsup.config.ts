import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { 'dl-train': 'src/dl-train.ts', index: 'src/index.ts' },
  format: ['esm'],
  dts: false,
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
  splitting: true,
  removeNodeProtocol: false,
  external: [/^@dl\//, /^@tensorflow\//, 'cli-progress'],
});
