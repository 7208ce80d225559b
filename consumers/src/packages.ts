// The public packages of the workspace and which of them each one needs installed beside it.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));

export interface PublicPackage {
  name: string;
  dir: string;
  version: string;
  /** Entry points: '.' and the subpaths of `exports` (package.json excluded); none for a command-line package. */
  entries: string[];
  /** Commands it installs (`bin`). */
  bins: string[];
  /** Its @dl dependencies, direct and transitive. */
  closure: string[];
}

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  exports?: Record<string, unknown>;
  bin?: Record<string, string>;
  dependencies?: Record<string, string>;
}

function manifests(): Map<string, { dir: string; manifest: Manifest }> {
  const found = new Map<string, { dir: string; manifest: Manifest }>();
  for (const group of ['packages', 'apps']) {
    const base = join(root, group);
    if (!existsSync(base)) continue;
    for (const name of readdirSync(base)) {
      const file = join(base, name, 'package.json');
      if (!existsSync(file)) continue;
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
      if (!manifest.private) found.set(manifest.name, { dir: join(base, name), manifest });
    }
  }
  return found;
}

export function publicPackages(): PublicPackage[] {
  const all = manifests();
  const closure = (name: string, seen = new Set<string>()): Set<string> => {
    for (const dep of Object.keys(all.get(name)?.manifest.dependencies ?? {})) {
      if (all.has(dep) && !seen.has(dep)) {
        seen.add(dep);
        closure(dep, seen);
      }
    }
    return seen;
  };
  return [...all.values()]
    .map(({ dir, manifest }) => ({
      name: manifest.name,
      dir,
      version: manifest.version,
      entries: Object.keys(manifest.exports ?? (manifest.bin ? {} : { '.': null })).filter((k) => k !== './package.json'),
      bins: Object.keys(manifest.bin ?? {}),
      closure: [...closure(manifest.name)].sort(),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** `@dl/core` + './node' -> '@dl/core/node'. */
export function specifier(name: string, entry: string): string {
  return entry === '.' ? name : `${name}/${entry.replace(/^\.\//, '')}`;
}
