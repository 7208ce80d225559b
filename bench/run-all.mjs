// Runs every benchmark folder's run.mjs in turn (each prints its own table).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const here = new URL('.', import.meta.url).pathname;
let failed = 0;
for (const dir of readdirSync(here, { withFileTypes: true })) {
  const script = join(here, dir.name, 'run.mjs');
  if (!dir.isDirectory() || !existsSync(script)) continue;
  console.log(`\n== bench/${dir.name} ==`);
  const r = spawnSync(process.execPath, [script, ...process.argv.slice(2)], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
