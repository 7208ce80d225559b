// One vitest setup for every package: a `node` project (cpu, wasm, webgpu through Dawn)
// and, where a package asks for it, a `browser` project (webgl, webgpu in headless Chromium).
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import type { TestProjectInlineConfiguration } from 'vitest/config';
import { CHROMIUM_ARGS, chromiumPath } from './chromium.js';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// Dawn without a GPU: SwiftShader's Vulkan driver and loader, shipped by Debian's chromium.
// The loader reads these when a worker starts, so they are set before vitest forks one.
if (process.env.VK_ICD_FILENAMES === undefined && existsSync('/usr/lib/chromium/vk_swiftshader_icd.json')) {
  process.env.VK_ICD_FILENAMES = '/usr/lib/chromium/vk_swiftshader_icd.json';
  process.env.LD_LIBRARY_PATH = ['/usr/lib/chromium', process.env.LD_LIBRARY_PATH].filter(Boolean).join(':');
}
// Vulkan's window-system code complains on every start without one.
if (process.env.XDG_RUNTIME_DIR === undefined) process.env.XDG_RUNTIME_DIR = mkdtempSync(join(tmpdir(), 'dl-xdg-'));
const coreDist = here('../packages/core/dist/');

export { CHROMIUM_ARGS, chromiumPath } from './chromium.js';

export interface DlVitestOptions {
  /** Also run the suites in headless Chromium (files named `*.node.test.ts` stay in Node). */
  browser?: boolean;
}

export function dlVitestConfig(options: DlVitestOptions = {}) {
  const projects: TestProjectInlineConfiguration[] = [
    {
      extends: true,
      test: {
        name: 'node',
        environment: 'node',
        include: ['test/**/*.test.ts'],
        exclude: ['test/**/*.browser.test.ts'],
        globalSetup: [here('./vitest-global-setup.ts')],
        setupFiles: [here('./vitest-setup.ts')],
      },
    },
  ];
  if (options.browser) {
    projects.push({
      extends: true,
      test: {
        name: 'browser',
        include: ['test/**/*.test.ts'],
        exclude: ['test/**/*.node.test.ts'],
        setupFiles: [here('./vitest-setup.ts')],
        provide: { dlBackends: (process.env.DL_BROWSER_BACKENDS ?? 'webgl,webgpu').split(','), dlProbe: true, dlStrict: true },
        browser: {
          enabled: true,
          headless: true,
          screenshotFailures: false,
          provider: playwright({ launchOptions: { executablePath: chromiumPath(), args: CHROMIUM_ARGS } }),
          instances: [{ browser: 'chromium' }],
        },
      },
    });
  }
  return defineConfig({
    // Pre-bundled up front, or Vite reloads the browser page mid-run when it discovers them.
    optimizeDeps: {
      include: ['@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-cpu', '@tensorflow/tfjs-backend-webgl', '@tensorflow/tfjs-backend-webgpu', '@tensorflow/tfjs-backend-wasm'],
    },
    resolve: {
      alias: [
        { find: /^@dl\/core$/, replacement: `${coreDist}index.js` },
        { find: /^@dl\/core\/testing$/, replacement: `${coreDist}testing.js` },
        { find: /^@dl\/core\/node$/, replacement: `${coreDist}node.js` },
      ],
    },
    test: {
      projects,
      pool: 'forks',
      testTimeout: 60_000,
      hookTimeout: 120_000,
      // One worker: the backends (and Dawn's device) are process-wide state, and CI has 2 cores.
      fileParallelism: false,
    },
  });
}

