// The committed wasm (src/internal/native-binary.ts) is what native/kernels.c compiles to. Needs
// clang and lld (CI installs them; elsewhere the check is skipped unless CI is set).
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const hasClang = spawnSync('clang', ['--version']).status === 0 && spawnSync('wasm-ld', ['--version']).status === 0;

describe('native binary', () => {
  it.skipIf(!hasClang && !process.env.CI)('matches native/kernels.c', () => {
    const script = fileURLToPath(new URL('../scripts/build-native.mjs', import.meta.url));
    const out = execFileSync(process.execPath, [script, '--check'], { encoding: 'utf8' });
    expect(out).toContain('matches');
  });
});
