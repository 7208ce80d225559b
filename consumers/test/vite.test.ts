// A Vite production build of a page that trains a small model with @dl/optim + @dl/train (the
// packages installed from their tarballs, nothing from the workspace), opened in headless
// Chromium on webgl, and checked against the same training run in Node on cpu.
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright';
import { describe, expect, inject, it } from 'vitest';
import { CHROMIUM_ARGS, chromiumPath } from '../../tooling/chromium.js';
import { createConsumer } from '../src/consumer.js';
import { publicPackages } from '../src/packages.js';

const tarballs = inject('tarballs');
const scratch = inject('scratch');
const vite = fileURLToPath(new URL('../node_modules/.bin/vite', import.meta.url));

// The training run, the same code in the page and in Node; only the backend differs.
const training = (backend: string) => `import { Rng, tf, useBackend } from '@dl/core';
import { dense, relu, sequential } from '@dl/layers';
import { Optimizer, sgd } from '@dl/optim';
import { fit } from '@dl/train';

export async function train() {
  await useBackend('${backend}');
  const x = new Rng(0).normal([96, 4]);
  const y = tf.argMax(tf.matMul(x, new Rng(1).normal([4, 3])), 1);
  const model = sequential(dense(4, 16, { seed: 0 }), relu, dense(16, 3, { seed: 1 }));
  const optimizer = new Optimizer(sgd({ lr: 0.1, momentum: 0.9 }), model.parameters());
  const { history } = await fit({ model, optimizer, data: { x, y }, epochs: 4, batchSize: 32, rng: 0, shuffle: false });
  return { backend: tf.getBackend(), losses: history.epochs.map((e) => e.loss) };
}
`;

function serve(dir: string): Promise<{ url: string; close: () => void }> {
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };
  const server = createServer((req, res) => {
    const file = join(dir, decodeURIComponent((req.url ?? '/').split('?')[0]!) === '/' ? 'index.html' : decodeURIComponent(req.url!.split('?')[0]!));
    if (!file.startsWith(dir) || !existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => server.close() })));
}

describe('a Vite app using @dl/optim and @dl/train', () => {
  it('builds for production, trains on webgl in Chromium, and matches the same run on cpu in Node', async () => {
    const needed = new Set(['@dl/optim', '@dl/train']);
    for (const p of publicPackages()) if (needed.has(p.name)) p.closure.forEach((d) => needed.add(d));
    const consumer = createConsumer(join(scratch, 'vite-app'), [...needed].map((n) => tarballs[n]!));
    writeFileSync(join(consumer.dir, 'train-webgl.js'), training('webgl'));
    writeFileSync(join(consumer.dir, 'main.js'), `import { train } from './train-webgl.js';\ntrain().then((r) => { window.__result = r; }, (e) => { window.__result = { error: String(e && e.stack || e) }; });\n`);
    writeFileSync(join(consumer.dir, 'index.html'), '<!doctype html><html><body><script type="module" src="./main.js"></script></body></html>\n');
    const built = spawnSync(vite, ['build', '--logLevel', 'error'], { cwd: consumer.dir, encoding: 'utf8' });
    expect(built.status, `${built.stdout}${built.stderr}`).toBe(0);

    const server = await serve(join(consumer.dir, 'dist'));
    const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true });
    let page: { backend: string; losses: number[]; error?: string };
    try {
      const tab = await browser.newPage();
      await tab.goto(server.url);
      await tab.waitForFunction(() => (window as unknown as { __result?: unknown }).__result !== undefined, undefined, { timeout: 120_000 });
      page = await tab.evaluate(() => (window as unknown as { __result: { backend: string; losses: number[]; error?: string } }).__result);
    } finally {
      await browser.close();
      server.close();
    }
    expect(page.error).toBeUndefined();
    expect(page.backend).toBe('webgl');

    writeFileSync(join(consumer.dir, 'train-cpu.mjs'), training('cpu'));
    const node = JSON.parse(consumer.run('run-cpu.mjs', `import { train } from './train-cpu.mjs';\nconsole.log(JSON.stringify(await train()));\n`).trim().split('\n').pop()!) as { losses: number[] };
    expect(page.losses.length).toBe(4);
    page.losses.forEach((loss, i) => expect(Math.abs(loss - node.losses[i]!), `epoch ${i + 1}: webgl ${loss}, cpu ${node.losses[i]}`).toBeLessThan(1e-3 * Math.max(1, Math.abs(node.losses[i]!))));
    expect(page.losses[3]!).toBeLessThan(page.losses[0]!);
  });
});
