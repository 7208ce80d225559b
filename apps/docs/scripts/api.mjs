// The API reference: TypeDoc (+ typedoc-plugin-markdown) over every package's TSDoc, written as
// markdown under site/api/ at build time, so the reference never drifts from the code.
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Application } from 'typedoc';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../../..');
const out = join(here, '../site/api');

/** Public entry points of every package: its `exports` map, `.` and the subpaths, as `src/*.ts`. */
export function entries() {
  const list = [];
  for (const dir of readdirSync(join(root, 'packages')).sort()) {
    const pkgFile = join(root, 'packages', dir, 'package.json');
    if (!existsSync(pkgFile)) continue;
    const pkg = JSON.parse(readFileSync(pkgFile, 'utf8'));
    if (pkg.private) continue;
    for (const sub of Object.keys(pkg.exports ?? {})) {
      if (sub === './package.json') continue;
      const base = join(root, 'packages', dir, 'src', sub === '.' ? 'index' : sub.slice(2));
      const file = [`${base}.ts`, join(base, 'index.ts')].find((f) => existsSync(f));
      if (file) list.push({ name: sub === '.' ? pkg.name : `${pkg.name}/${sub.slice(2)}`, file, dir });
    }
  }
  return list;
}

const list = entries();
const started = Date.now();
const app = await Application.bootstrapWithPlugins({
  entryPoints: list.map((e) => e.file),
  entryPointStrategy: 'resolve',
  tsconfig: join(here, '../tsconfig.typedoc.json'),
  plugin: ['typedoc-plugin-markdown'],
  out,
  readme: 'none',
  name: '@dl API',
  hideGenerator: true,
  hidePageHeader: true,
  hideBreadcrumbs: true,
  excludePrivate: true,
  excludeInternal: true,
  excludeExternals: true,
  skipErrorChecking: true,
  disableSources: true,
  entryFileName: 'index.md',
  outputFileStrategy: 'modules',
  validation: { notExported: false, invalidLink: false, rewrittenLink: false },
  // A warning fails the build (e.g. '@dl' at the start of a word in a doc comment reads as an
  // unknown TSDoc block tag: write `@dl/x` in backticks), so the reference stays clean.
  treatWarningsAsErrors: true,
});
const project = await app.convert();
if (!project) throw new Error('TypeDoc could not convert the packages (see the messages above)');
// Module names: TypeDoc names each entry by its path (`optim/src`); the reference uses the package's.
for (const child of project.children ?? []) {
  const e = list.find((x) => child.sources?.[0]?.fullFileName === x.file) ?? list.find((x) => child.name === `${x.dir}/src` || child.name === `${x.dir}/src/${x.name.split('/').pop()}`);
  if (e) child.name = e.name;
}
rmSync(out, { recursive: true, force: true });
await app.generateOutputs(project);
if (app.logger.hasErrors()) process.exit(1);
console.log(`api: ${list.length} entry points -> site/api in ${((Date.now() - started) / 1000).toFixed(1)} s`);
