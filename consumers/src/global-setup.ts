// Packs every public package once (pnpm pack rewrites workspace: ranges to versions, as
// publishing does) and hands the tarballs to the test files.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { publicPackages } from './packages.js';

declare module 'vitest' {
  export interface ProvidedContext {
    tarballs: Record<string, string>;
    scratch: string;
  }
}

export default function setup(project: TestProject): () => void {
  const scratch = mkdtempSync(join(tmpdir(), 'dl-consumers-'));
  const packs = join(scratch, 'tarballs');
  const tarballs: Record<string, string> = {};
  for (const p of publicPackages()) {
    const before = new Set(readdirSync(scratch).includes('tarballs') ? readdirSync(packs) : []);
    execFileSync('pnpm', ['pack', '--pack-destination', packs], { cwd: p.dir, stdio: ['ignore', 'ignore', 'inherit'] });
    const made = readdirSync(packs).filter((f) => !before.has(f));
    if (made.length !== 1) throw new Error(`pnpm pack of ${p.name} made ${made.length} files`);
    tarballs[p.name] = join(packs, made[0]!);
  }
  project.provide('tarballs', tarballs);
  project.provide('scratch', scratch);
  return () => rmSync(scratch, { recursive: true, force: true });
}
