import { dlTsupConfig } from '../../tooling/tsup-config.js';

export default dlTsupConfig({
  entry: { index: 'src/index.ts', node: 'src/node.ts' },
  // Shared code goes to a chunk so ./node does not carry a second copy of the main entry.
  splitting: true,
  external: [/^@tensorflow\//, /^@dl\//, 'mnist', /^node:/],
});
