// Each public package, installed alone from its tarball into a fresh directory outside the
// workspace with plain npm, used as ES module, as CommonJS and from strict TypeScript.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createConsumer, npm, type Consumer } from '../src/consumer.js';
import { publicPackages, specifier } from '../src/packages.js';
import { USES } from '../src/uses.js';

const tarballs = inject('tarballs');
const scratch = inject('scratch');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

const esm = (code: string) => `const load = (name) => import(name);
const assert = (ok, what) => { if (!ok) throw new Error('failed: ' + what); };
${code}
console.log('ok');
`;
const cjs = (code: string) => `const load = async (name) => require(name);
const assert = (ok, what) => { if (!ok) throw new Error('failed: ' + what); };
(async () => {
${code}
console.log('ok');
})().catch((error) => { console.error(error); process.exit(1); });
`;

function compile(consumer: Consumer, config: object): string {
  const file = join(consumer.dir, 'tsconfig.check.json');
  writeFileSync(file, JSON.stringify(config, null, 2));
  const r = spawnSync(process.execPath, [tsc, '-p', file], { cwd: consumer.dir, encoding: 'utf8' });
  return `${r.stdout}${r.stderr}`.trim();
}

for (const p of publicPackages()) {
  const use = USES[p.name];
  describe(`${p.name} installed alone`, () => {
    let consumer: Consumer;
    beforeAll(() => {
      consumer = createConsumer(join(scratch, p.name.replace('/', '-')), [tarballs[p.name]!, ...p.closure.map((d) => tarballs[d]!), ...(use?.extras ?? [])]);
    });

    it('has a consumer use written for it (consumers/src/uses.ts)', () => {
      expect(use, `add ${p.name} to consumers/src/uses.ts`).toBeDefined();
      expect(Object.keys(use!.entries).sort()).toEqual([...p.entries].sort());
    });

    it('has a README that starts with its install command', () => {
      const readme = readFileSync(join(p.dir, 'README.md'), 'utf8');
      const first = /^# \S+\n\n```sh\n(npm install [^\n]+)\n```/.exec(readme)?.[1];
      expect(first, 'the README opens with a sh block: npm install <package> ...').toBeDefined();
      const named = first!.split(/\s+/).slice(2);
      expect(named[0]).toBe(p.name);
      // Besides the package: tfjs packages it needs as peers (or registers kernels for), nothing else.
      for (const other of named.slice(1)) expect(other).toMatch(/^@tensorflow\/tfjs-/);
    });

    it('installs with npm without a peer-dependency warning', () => {
      expect(consumer.warnings.filter((w) => /peer|ERESOLVE|conflict/i.test(w))).toEqual([]);
    });

    it('has exactly one @tensorflow/tfjs-core in its tree', () => {
      const r = npm(consumer.dir, ['ls', '@tensorflow/tfjs-core', '--all', '--parseable']);
      const copies = new Set(r.stdout.split('\n').filter((l) => l.trim() !== ''));
      expect([...copies].map((c) => c.slice(consumer.dir.length))).toEqual(['/node_modules/@tensorflow/tfjs-core']);
    });

    for (const entry of p.entries) {
      const spec = specifier(p.name, entry);
      const code = use?.entries[entry];
      it.skipIf(code === undefined)(`import '${spec}' as an ES module does a real operation`, () => {
        expect(consumer.run(`use-${entry === '.' ? 'main' : entry.slice(2)}.mjs`, esm(code!))).toContain('ok');
      });
      if (use?.esmOnly?.includes(entry)) {
        it(`require('${spec}') is refused: it has no CommonJS build`, () => {
          expect(() => consumer.run('use-esm-only.cjs', `require(${JSON.stringify(spec)});`)).toThrow(/ERR_PACKAGE_PATH_NOT_EXPORTED/);
        });
      } else {
        it.skipIf(code === undefined)(`require('${spec}') as CommonJS does the same`, () => {
          expect(consumer.run(`use-${entry === '.' ? 'main' : entry.slice(2)}.cjs`, cjs(code!))).toContain('ok');
        });
      }
    }

    for (const bin of use?.bins ?? []) {
      it(`runs the command \`${bin.command} ${bin.args.join(' ')}\``, () => {
        const r = spawnSync(join(consumer.dir, 'node_modules', '.bin', bin.command), bin.args, { cwd: consumer.dir, encoding: 'utf8', timeout: 280_000 });
        expect(r.status, `${r.stdout}${r.stderr}`.slice(-3000)).toBe(0);
        expect(r.stdout).toMatch(bin.shows);
      });
    }
    if (p.bins.length > 0) {
      it('has a run of each of its commands written for it', () => {
        expect([...new Set((use?.bins ?? []).map((b) => b.command))].sort()).toEqual([...p.bins].sort());
      });
    }

    it.skipIf(use?.types === undefined)('compiles in strict TypeScript under moduleResolution node16 (ESM and CJS) and bundler', () => {
      writeFileSync(join(consumer.dir, 'types.mts'), use!.types!);
      writeFileSync(join(consumer.dir, 'types.cts'), use!.types!);
      writeFileSync(join(consumer.dir, 'types.ts'), use!.types!);
      const common = { strict: true, noEmit: true, target: 'ES2022', lib: ['ES2022', 'DOM'], types: [], skipLibCheck: true };
      expect(compile(consumer, { compilerOptions: { ...common, module: 'node16', moduleResolution: 'node16' }, files: ['types.mts', 'types.cts'] })).toBe('');
      expect(compile(consumer, { compilerOptions: { ...common, module: 'esnext', moduleResolution: 'bundler' }, files: ['types.ts'] })).toBe('');
    });
  });
}
