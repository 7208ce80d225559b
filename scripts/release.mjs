#!/usr/bin/env node
// `pnpm release`: builds every package, then shows what each public package's tarball would ship
// (`pnpm publish -r --dry-run`: the file list, sizes, version, registry). `pnpm release --publish`
// publishes for real through changesets (versions first: `pnpm version-packages`).
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

run('pnpm', ['exec', 'turbo', 'run', 'build', '--output-logs=errors-only']);
if (process.argv.includes('--publish')) run('pnpm', ['exec', 'changeset', 'publish']);
else run('pnpm', ['publish', '-r', '--dry-run', '--no-git-checks']);
