// publint and arethetypeswrong on every public package's tarball.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import { publicPackages } from '../src/packages.js';
import { USES } from '../src/uses.js';

const tarballs = inject('tarballs');
const bin = (name: string) => join(fileURLToPath(new URL('../node_modules/.bin/', import.meta.url)), name);
const publint = bin('publint');
const attw = bin('attw');

describe.each(publicPackages().map((p) => [p.name]))('%s', (name) => {
  it('passes publint (warnings are errors)', () => {
    const r = spawnSync(publint, ['run', tarballs[name]!, '--strict', '--level', 'warning'], { encoding: 'utf8' });
    expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
  });
  // The node16 profile: every entry resolves under node16 (from ESM and from CJS) and bundler.
  // Node 10's resolution, which knows no `exports` subpaths, is not supported (Node >= 20.19).
  // ES-module-only entry points (USES[name].esmOnly) are checked with the esm-only profile.
  it('passes arethetypeswrong (node16 profile)', () => {
    const esmOnly = USES[name]?.esmOnly ?? [];
    const runs = [['--profile', 'node16', ...esmOnly.flatMap((e) => ['--exclude-entrypoints', e])]];
    if (esmOnly.length > 0) runs.push(['--profile', 'esm-only', '--entrypoints', ...esmOnly]);
    for (const options of runs) {
      const r = spawnSync(attw, [tarballs[name]!, ...options, '--format', 'ascii'], { encoding: 'utf8' });
      expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
    }
  });
});
