import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', node: 'src/node.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
  // Shared code goes to a chunk so ./node does not carry a second copy of the main entry.
  splitting: true,
  removeNodeProtocol: false,
  external: [/^@tensorflow\//, /^@dl\//, 'cli-progress', /^node:/],
});
