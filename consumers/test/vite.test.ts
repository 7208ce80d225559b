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
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { CHROMIUM_ARGS, chromiumPath } from '../../tooling/chromium.js';
import { createConsumer, type Consumer } from '../src/consumer.js';
import { publicPackages } from '../src/packages.js';

const tarballs = inject('tarballs');
const scratch = inject('scratch');
const vite = fileURLToPath(new URL('../node_modules/.bin/vite', import.meta.url));

// The training run, the same code in the page and in Node; only the backend differs. `cnn`: a
// conv + batch norm + max-pool network, whose training step on wasm runs @dl/kernels' native loops.
const training = (backend: string, cnn: boolean, setup = '') => `import { Rng, tf, useBackend } from '@dl/core';
import { hasNativeKernels } from '@dl/kernels';
import { batchNorm2d, conv2d, dense, flatten, maxPool2d, relu, sequential } from '@dl/layers';
import { Optimizer, sgd } from '@dl/optim';
import { fit } from '@dl/train';
${setup}
export async function train() {
  await useBackend('${backend}'${setup ? ', { wasmPaths }' : ''});
  const x = new Rng(0).normal(${cnn ? '[48, 8, 8, 1]' : '[96, 4]'});
  const y = tf.argMax(tf.matMul(tf.reshape(x, [${cnn ? 48 : 96}, -1]), new Rng(1).normal([${cnn ? 64 : 4}, 3])), 1);
  const model = ${
    cnn
      ? "sequential(conv2d(1, 4, 3, { padding: 1, seed: 0 }), batchNorm2d(4), relu, maxPool2d(2), flatten(), dense(64, 3, { seed: 1 }))"
      : 'sequential(dense(4, 16, { seed: 0 }), relu, dense(16, 3, { seed: 1 }))'
  };
  const optimizer = new Optimizer(sgd({ lr: 0.1, momentum: 0.9 }), model.parameters());
  const { history } = await fit({ model, optimizer, data: { x, y }, epochs: 4, batchSize: 16, rng: 0, shuffle: false });
  return { backend: tf.getBackend(), native: hasNativeKernels(), losses: history.epochs.map((e) => e.loss) };
}
`;

// Where a browser app serves tfjs's wasm binaries from: Vite emits them as assets.
const WASM_ASSETS = `import simd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import plain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
const wasmPaths = { 'tfjs-backend-wasm-simd.wasm': simd, 'tfjs-backend-wasm-threaded-simd.wasm': threaded, 'tfjs-backend-wasm.wasm': plain };`;

interface Run {
  backend: string;
  native: boolean;
  losses: number[];
  error?: string;
}

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

/** Builds `training` into a page with Vite, opens it in headless Chromium, returns what it trained. */
async function runPage(dir: string, code: string): Promise<Run> {
  writeFileSync(join(dir, 'train-page.js'), code);
  writeFileSync(join(dir, 'main.js'), `import { train } from './train-page.js';\ntrain().then((r) => { window.__result = r; }, (e) => { window.__result = { error: String(e && e.stack || e) }; });\n`);
  writeFileSync(join(dir, 'index.html'), '<!doctype html><html><body><script type="module" src="./main.js"></script></body></html>\n');
  const built = spawnSync(vite, ['build', '--logLevel', 'error', '--emptyOutDir'], { cwd: dir, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`vite build failed:\n${built.stdout}${built.stderr}`);
  const server = await serve(join(dir, 'dist'));
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true });
  try {
    const tab = await browser.newPage();
    await tab.goto(server.url);
    await tab.waitForFunction(() => (window as unknown as { __result?: unknown }).__result !== undefined, undefined, { timeout: 120_000 });
    return await tab.evaluate(() => (window as unknown as { __result: Run }).__result);
  } finally {
    await browser.close();
    server.close();
  }
}

function runNode(consumer: Consumer, cnn: boolean): Run {
  writeFileSync(join(consumer.dir, `train-cpu-${cnn}.mjs`), training('cpu', cnn));
  return JSON.parse(consumer.run(`run-cpu-${cnn}.mjs`, `import { train } from './train-cpu-${cnn}.mjs';\nconsole.log(JSON.stringify(await train()));\n`).trim().split('\n').pop()!) as Run;
}

function expectSameRun(page: Run, node: Run): void {
  expect(page.error).toBeUndefined();
  expect(page.losses.length).toBe(4);
  page.losses.forEach((loss, i) => expect(Math.abs(loss - node.losses[i]!), `epoch ${i + 1}: ${page.backend} ${loss}, cpu ${node.losses[i]}`).toBeLessThan(1e-3 * Math.max(1, Math.abs(node.losses[i]!))));
  expect(page.losses[3]!).toBeLessThan(page.losses[0]!);
}

describe('a Vite app using @dl/optim and @dl/train', () => {
  let consumer: Consumer;
  beforeAll(() => {
    const needed = new Set(['@dl/optim', '@dl/train', '@dl/kernels']);
    for (const p of publicPackages()) if (needed.has(p.name)) p.closure.forEach((d) => needed.add(d));
    consumer = createConsumer(join(scratch, 'vite-app'), [...needed].map((n) => tarballs[n]!));
  });

  it('builds for production, trains on webgl in Chromium, and matches the same run on cpu in Node', async () => {
    const page = await runPage(consumer.dir, training('webgl', false));
    expect(page.backend).toBe('webgl');
    expectSameRun(page, runNode(consumer, false));
  });

  it("trains a CNN on wasm in Chromium with @dl/kernels' native SIMD loops, matching cpu in Node", async () => {
    const page = await runPage(consumer.dir, training('wasm', true, WASM_ASSETS));
    expect(page.error).toBeUndefined();
    expect([page.backend, page.native]).toEqual(['wasm', true]);
    expectSameRun(page, runNode(consumer, true));
  });
});
