// Bundle sizes (esbuild, minified, for browsers, tfjs external) of every public package's main
// entry, and a tree-shaking check: a page importing only `adam` from @dl/optim stays small.
import { buildSync } from 'esbuild';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { publicPackages } from '../src/packages.js';

const here = fileURLToPath(new URL('..', import.meta.url));

const scratch = mkdtempSync(join(tmpdir(), 'dl-size-'));
let count = 0;

/**
 * Minified bytes of the entry chunk of a bundle of `code` (an ES module importing from the
 * workspace packages), split as an app bundler splits: what a dynamic import loads (the `mnist`
 * package's digits) is its own chunk, loaded only when used, and not counted.
 */
function bundle(code: string, external: string[]): number {
  const entry = join(scratch, `entry-${count++}.js`);
  writeFileSync(entry, code);
  const out = buildSync({
    entryPoints: [entry],
    absWorkingDir: here,
    nodePaths: [join(here, 'node_modules')],
    bundle: true,
    splitting: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    outdir: join(scratch, 'out'),
    write: false,
    external: ['@tensorflow/*', ...external],
    logLevel: 'silent',
  });
  return out.outputFiles.find((f) => f.path.endsWith(`entry-${count - 1}.js`))!.contents.byteLength;
}

// Command-line packages (no entry point to import) are not bundled.
const packages = publicPackages().filter((p) => p.entries.includes('.'));
const sizes: Record<string, { own: number; withDl: number }> = {};

describe('bundle sizes', () => {
  for (const p of packages) {
    it(`${p.name}: every export, minified`, () => {
      // Own code (its built ES module, other @dl packages external) and with the @dl packages it pulls in.
      const dist = join(p.dir, 'dist', 'index.js');
      sizes[p.name] = { own: bundle(`export * from ${JSON.stringify(dist)};`, ['@dl/*']), withDl: bundle(`export * from '${p.name}';`, []) };
      expect(sizes[p.name]!.own).toBeGreaterThan(0);
    });
  }

  // Measured at 194.7 KB when the limit was set (all of @dl/optim: 227.6 KB): @dl/core registers
  // tfjs's gradients and chained ops when it loads (~180 KB of tfjs-core code, as @tensorflow/tfjs
  // does), and that floor is in every bundle that imports @dl/core. Registering them from
  // useBackend instead would let `adam` alone shrink to its own code; until then the limit keeps
  // the rest from growing.
  const ADAM_ONLY_LIMIT = 200_000;
  it(`tree-shaking: \`import { adam } from '@dl/optim'\` stays under ${ADAM_ONLY_LIMIT} bytes (with @dl/core)`, () => {
    const adamOnly = bundle(`import { adam } from '@dl/optim';\nexport const t = adam({ lr: 1e-3 });`, []);
    const all = bundle(`export * from '@dl/optim';`, []);
    console.log(`adam only: ${adamOnly} bytes; all of @dl/optim: ${all} bytes`);
    expect(adamOnly).toBeLessThan(ADAM_ONLY_LIMIT);
    expect(adamOnly).toBeLessThan(all);
  });

  it('writes the report (reports/sizes.md)', () => {
    const rows = Object.entries(sizes).map(([name, s]) => `| ${name} | ${(s.own / 1024).toFixed(1)} | ${(s.withDl / 1024).toFixed(1)} |`);
    const text = ['| package | own code, KiB | with its @dl dependencies, KiB |', '| --- | --- | --- |', ...rows].join('\n');
    console.log(text);
    mkdirSync(join(here, 'reports'), { recursive: true });
    writeFileSync(join(here, 'reports', 'sizes.md'), `Minified esbuild bundles for browsers, @tensorflow/* external.\n\n${text}\n`);
    expect(rows.length).toBe(packages.length);
  });
});
