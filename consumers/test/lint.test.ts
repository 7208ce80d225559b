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
  it('passes publint with nothing to report (not even a suggestion)', () => {
    const r = spawnSync(publint, ['run', tarballs[name]!, '--strict'], { encoding: 'utf8' });
    expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/Suggestions:|Warnings:|Errors:/);
  });
  // The strict profile: every entry's types resolve under node10 (typesVersions for subpaths),
  // node16 from ESM and from CJS, and bundler. ES-module-only entry points (USES[name].esmOnly)
  // are checked with the esm-only profile.
  it('passes arethetypeswrong (strict profile)', () => {
    const esmOnly = USES[name]?.esmOnly ?? [];
    const runs = [['--profile', 'strict', ...esmOnly.flatMap((e) => ['--exclude-entrypoints', e])]];
    if (esmOnly.length > 0) runs.push(['--profile', 'esm-only', '--entrypoints', ...esmOnly]);
    for (const options of runs) {
      const r = spawnSync(attw, [tarballs[name]!, ...options, '--format', 'ascii'], { encoding: 'utf8' });
      expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
    }
  });
});
