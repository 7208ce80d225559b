// One tsup setup for every library package: ESM + CJS with .d.ts/.d.cts, browser-neutral,
// @dl and TF.js packages external (one copy each in an app), `node:` imports kept as written
// (bare `fs` would look browser-resolvable to bundlers). Packages pass what differs.
import { defineConfig } from 'tsup';
import type { Options } from 'tsup';

export function dlTsupConfig(options: Options) {
  return defineConfig({
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    platform: 'neutral',
    splitting: false,
    removeNodeProtocol: false,
    external: [/^@tensorflow\//, /^@dl\//, /^node:/],
    ...options,
  });
}
