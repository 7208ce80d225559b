// A consumer project outside the workspace: a fresh directory, plain npm, only the tarballs the
// package needs (its @dl dependencies are not on the registry), everything else from the registry.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Consumer {
  dir: string;
  /** npm's warnings during the install. */
  warnings: string[];
  /** Runs a script file in the consumer with node; returns stdout (throws with stderr on failure). */
  run(file: string, code: string): string;
}

export function npm(dir: string, args: string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync('npm', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' }, maxBuffer: 64 << 20 });
  return { status: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
}

export function createConsumer(dir: string, installs: string[]): Consumer {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'dl-consumer', version: '1.0.0', private: true }, null, 2));
  const r = npm(dir, ['install', '--no-audit', '--no-fund', '--loglevel=warn', ...installs]);
  if (r.status !== 0) throw new Error(`npm install ${installs.join(' ')} failed:\n${r.stderr.slice(-4000)}`);
  const warnings = r.stderr.split('\n').filter((l) => /^npm warn/i.test(l));
  return {
    dir,
    warnings,
    run(file, code) {
      writeFileSync(join(dir, file), code);
      const out = spawnSync(process.execPath, [file], { cwd: dir, encoding: 'utf8', maxBuffer: 64 << 20, timeout: 240_000 });
      if (out.status !== 0) throw new Error(`node ${file} failed (${out.status ?? out.signal}):\n${out.stderr.slice(-4000)}`);
      return out.stdout;
    },
  };
}
