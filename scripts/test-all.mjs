#!/usr/bin/env node
// The README's test command: builds, runs every package's Node suites (cpu, wasm, webgpu
// through Dawn) and browser suites (webgl, webgpu in headless Chromium), then prints the
// count per runtime and one closing line `N passed, N failed` summed over all of them.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' };
const workspaces = [
  ...['packages', 'apps'].flatMap((dir) => (existsSync(join(root, dir)) ? readdirSync(join(root, dir)).map((name) => join(root, dir, name)) : [])),
  // The packaging tests: every public package installed alone from its tarball (consumers/).
  join(root, 'consumers'),
];

for (const ws of workspaces) rmSync(join(ws, 'reports'), { recursive: true, force: true });

// Extra arguments go to turbo, e.g. `pnpm test --filter=@dl/optim`.
const turbo = (tasks) =>
  spawnSync('pnpm', ['exec', 'turbo', 'run', ...tasks, '--concurrency=1', '--output-logs=new-only', '--continue', ...process.argv.slice(2)], {
    cwd: root,
    env,
    stdio: 'inherit',
  }).status;

const status = turbo(['build', 'typecheck', 'test', 'test:browser']);

// Runtime of a test: the backend tag describeBackends puts in its name, else the project's own.
function runtimeOf(project, fullName) {
  const tag = /\[(cpu|wasm|webgpu|webgl|tensorflow)\]/.exec(fullName)?.[1];
  if (project === 'browser') return tag ? `chromium ${tag}` : 'chromium (any backend)';
  if (tag === 'webgpu') return 'node webgpu (Dawn)';
  return tag ? `node ${tag}` : 'node (any backend)';
}

const rows = new Map();
let passed = 0;
let failed = 0;
let skipped = 0;
for (const ws of workspaces) {
  for (const project of ['node', 'browser']) {
    const file = join(ws, 'reports', `${project}.json`);
    if (!existsSync(file)) continue;
    const report = JSON.parse(readFileSync(file, 'utf8'));
    for (const suite of report.testResults ?? []) {
      if (suite.status === 'failed' && (suite.assertionResults ?? []).length === 0) {
        failed++; // a file that failed to load counts once
        console.error(`failed to load: ${suite.name}\n${suite.message ?? ''}`);
      }
      for (const t of suite.assertionResults ?? []) {
        const runtime = runtimeOf(project, t.fullName ?? '');
        const row = rows.get(runtime) ?? { passed: 0, failed: 0, skipped: 0 };
        if (t.status === 'passed') (row.passed++, passed++);
        else if (t.status === 'failed') (row.failed++, failed++);
        else (row.skipped++, skipped++);
        rows.set(runtime, row);
      }
    }
  }
}

console.log('\nTests per runtime:');
for (const [runtime, row] of [...rows].sort(([a], [b]) => a.localeCompare(b))) {
  console.log(`  ${runtime.padEnd(26)} ${String(row.passed).padStart(5)} passed ${String(row.failed).padStart(4)} failed ${String(row.skipped).padStart(4)} skipped`);
}
if (status !== 0 && failed === 0) failed++; // a build or runner failure with no failing test still fails
console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
