import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');

const script = `
  const a = tf.variable(tf.tensor1d([1, 2, 3]));
  const { value, grads } = tf.variableGrads(() => a.square().sum());
  console.log(JSON.stringify({ backend, value: value.dataSync()[0], grad: Array.from(grads[a.name].dataSync()) }));
`;

describe('importing only @dl/core registers gradients', () => {
  it('in Node ESM (import)', async () => {
    const code = `import { tf, useBackend } from '@dl/core'; const backend = await useBackend('cpu'); ${script}`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', code], { cwd: pkg });
    expect(JSON.parse(stdout.trim().split('\n').pop()!)).toEqual({ backend: 'cpu', value: 14, grad: [2, 4, 6] });
  });

  it('in Node CJS (require)', async () => {
    const code = `const { tf, useBackend } = require('@dl/core'); useBackend('wasm').then((backend) => { ${script} });`;
    const { stdout } = await run(process.execPath, ['-e', code], { cwd: pkg });
    expect(JSON.parse(stdout.trim().split('\n').pop()!)).toEqual({ backend: 'wasm', value: 14, grad: [2, 4, 6] });
  });

  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  it.runIf(existsSync(chromium))('in a Vite production build running in Chromium', async () => {
    const { build } = await import('vite');
    const outDir = await mkdtemp(join(tmpdir(), 'dl-vite-'));
    await build({
      root: join(pkg, 'test/fixtures/vite-app'),
      logLevel: 'error',
      configFile: false,
      resolve: { alias: { '@dl/core': join(pkg, 'dist/index.js') } },
      build: { outDir, emptyOutDir: true, target: 'es2022' },
    });
    const { default: handler } = await import('./fixtures/static-server.js');
    const server = createServer(handler(outDir));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const { chromium: pw } = await import('playwright');
    const browser = await pw.launch({ executablePath: chromium, args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update'] });
    try {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${port}/index.html`);
      await page.waitForFunction(() => document.title !== 'pending', undefined, { timeout: 30_000 });
      expect(await page.title()).toBe('ok cpu 2,4,6');
    } finally {
      await browser.close();
      server.close();
    }
  }, 120_000);
});
