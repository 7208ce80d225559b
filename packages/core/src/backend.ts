import * as tf from '@tensorflow/tfjs-core';
import { registerTrainingKernels, unregisterTrainingKernels } from '@dl/kernels';
import { isNode } from './internal/env.js';
import { show } from './internal/errors.js';
import { MAX_WASM_THREADS, nodeCoreCount, startThreadedWasm, threadedWasmThreads, useStockWasm, wasmBackendStarted } from './internal/wasm-threads-node.js';

/** The TF.js backends that `useBackend` knows how to load. */
export type BackendName = 'cpu' | 'wasm' | 'webgl' | 'webgpu' | 'tensorflow';

export const BACKEND_NAMES: readonly BackendName[] = ['cpu', 'wasm', 'webgl', 'webgpu', 'tensorflow'];

export interface UseBackendOptions {
  /** wasm: where the `.wasm` binaries are served from (a prefix or a map of file name to URL). Browsers only need it when the bundler does not serve them next to the script. */
  wasmPaths?: string | Record<string, string>;
  /** wasm: use the multi-threaded build where the platform allows it (default true; false: one thread). */
  wasmThreads?: boolean;
  /**
   * wasm: how many threads XNNPACK runs on, 1 to 8. Default in Node: the machine's core count
   * (tfjs itself runs one thread in Node), with tfjs's threaded build started from the files it
   * ships. In browsers threads need a cross-origin isolated page, and tfjs caps the count at
   * half of `navigator.hardwareConcurrency`. Fixed once the wasm backend has started. In Node,
   * `wasmPaths` keeps tfjs's own loader (one thread).
   */
  threads?: number;
  /** webgpu in Node: options passed to Dawn's `create([...])`, e.g. `['backend=vulkan']`. */
  dawnFlags?: string[];
  /**
   * cpu and wasm: register @dl/kernels' training kernels (convolution and pooling gradients
   * that tfjs 4.22 lacks on wasm and runs slowly on cpu). Default true; false keeps the stock ones.
   */
  trainingKernels?: boolean;
}

/** What `'auto'` tries, in order, per platform. */
export function autoOrder(): BackendName[] {
  return isNode() ? ['tensorflow', 'wasm', 'cpu'] : ['webgpu', 'webgl', 'wasm', 'cpu'];
}

/** The error thrown when a backend's package is not installed; `packageName` names what to install. */
export class BackendUnavailableError extends Error {
  constructor(
    readonly backend: BackendName,
    readonly packageName: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'BackendUnavailableError';
  }
}

// Specifiers held in variables are invisible to bundlers, so Node-only packages
// never break a browser build; browser-capable backends use literal imports so
// bundlers can split them into chunks that load on demand.
const nodeOnly = (specifier: string): Promise<unknown> => import(/* @vite-ignore */ specifier);

function isMissingModule(error: unknown, specifier: string): boolean {
  const e = error as { code?: string; message?: string } | null;
  const code = e?.code;
  const message = String(e?.message ?? '');
  // Node says ERR_MODULE_NOT_FOUND / MODULE_NOT_FOUND; bundlers and vite-node word it their own way.
  return (
    message.includes(specifier) &&
    (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' || /Cannot find (module|package)|Failed to (load|resolve)|Could not resolve|not found/i.test(message))
  );
}

async function loadTensorflow(): Promise<void> {
  if (!isNode()) {
    throw new BackendUnavailableError(
      'tensorflow',
      '@tensorflow/tfjs-node',
      "useBackend('tensorflow'): the TensorFlow C++ backend only runs in Node; in a browser use 'webgpu', 'webgl' or 'wasm'.",
    );
  }
  const failures: unknown[] = [];
  for (const specifier of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
    try {
      await nodeOnly(specifier);
      return;
    } catch (error) {
      if (!isMissingModule(error, specifier)) {
        throw new BackendUnavailableError(
          'tensorflow',
          specifier,
          `useBackend('tensorflow'): ${specifier} is installed but failed to load (${(error as Error).message}). Reinstall it (npm rebuild ${specifier}) or pick another backend.`,
          { cause: error },
        );
      }
      failures.push(error);
    }
  }
  throw new BackendUnavailableError(
    'tensorflow',
    '@tensorflow/tfjs-node',
    "useBackend('tensorflow'): neither @tensorflow/tfjs-node nor @tensorflow/tfjs-node-gpu is installed. " +
      'Install one: npm install @tensorflow/tfjs-node (CPU) or npm install @tensorflow/tfjs-node-gpu (CUDA).',
    { cause: failures[failures.length - 1] },
  );
}

let dawnInstalled = false;

async function installDawn(flags: string[]): Promise<void> {
  const g = globalThis as Record<string, unknown> & { navigator?: { gpu?: unknown } };
  if (dawnInstalled || g.navigator?.gpu != null) return;
  let dawn: { create: (flags: string[]) => unknown; globals: Record<string, unknown> };
  try {
    dawn = (await nodeOnly('webgpu')) as typeof dawn;
  } catch (error) {
    if (!isMissingModule(error, 'webgpu')) throw error;
    throw new BackendUnavailableError(
      'webgpu',
      'webgpu',
      "useBackend('webgpu'): in Node, WebGPU needs Dawn's bindings from the 'webgpu' package. Install it: npm install webgpu",
      { cause: error },
    );
  }
  for (const [key, value] of Object.entries(dawn.globals)) {
    if (!(key in g)) g[key] = value;
  }
  const gpu = dawn.create(flags);
  if (g.navigator == null) {
    Object.defineProperty(g, 'navigator', { value: { gpu }, configurable: true, writable: true });
  } else {
    Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true, writable: true });
  }
  dawnInstalled = true;
}

async function loadBackend(name: BackendName, options: UseBackendOptions): Promise<void> {
  switch (name) {
    case 'cpu':
      await import('@tensorflow/tfjs-backend-cpu');
      // After the import: importing a backend (re)registers its stock kernels.
      if (options.trainingKernels === false) unregisterTrainingKernels('cpu');
      else registerTrainingKernels('cpu');
      return;
    case 'wasm': {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      if (options.wasmPaths !== undefined) wasm.setWasmPaths(options.wasmPaths as string);
      if (isNode() && options.wasmPaths === undefined) {
        await chooseNodeWasmThreads(options.wasmThreads === false ? 1 : options.threads);
      } else {
        if (options.wasmThreads === false) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
        if (options.threads !== undefined) wasm.setThreadsCount(options.threads);
      }
      if (options.trainingKernels === false) unregisterTrainingKernels('wasm');
      else registerTrainingKernels('wasm');
      return;
    }
    case 'webgl':
      if (isNode()) {
        throw new BackendUnavailableError(
          'webgl',
          '@tensorflow/tfjs-backend-webgl',
          "useBackend('webgl'): WebGL needs a browser; in Node use 'wasm', 'cpu', 'webgpu' (Dawn) or 'tensorflow'.",
        );
      }
      await import('@tensorflow/tfjs-backend-webgl');
      return;
    case 'webgpu':
      if (isNode()) await installDawn(options.dawnFlags ?? []);
      await import('@tensorflow/tfjs-backend-webgpu');
      return;
    case 'tensorflow':
      await loadTensorflow();
      return;
  }
}

/** Starts Node's wasm on `threads` (default: the core count) unless it already runs. */
async function chooseNodeWasmThreads(threads: number | undefined): Promise<void> {
  if (wasmBackendStarted()) {
    const running = threadedWasmThreads() ?? 1;
    if (threads !== undefined && threads !== running) {
      throw new RangeError(
        `useBackend('wasm'): threads ${threads} asked, but the wasm backend already runs on ${running}; the thread count is chosen when it first starts`,
      );
    }
    return;
  }
  const wanted = threads ?? Math.min(MAX_WASM_THREADS, await nodeCoreCount());
  if (wanted > 1) await startThreadedWasm(wanted);
  else useStockWasm();
}

function checkOptions(name: unknown, options: UseBackendOptions): void {
  if (name !== 'auto' && !BACKEND_NAMES.includes(name as BackendName)) {
    throw new TypeError(`useBackend: unknown backend ${show(name)}; expected one of ${[...BACKEND_NAMES, 'auto'].join(', ')}`);
  }
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`useBackend: options must be an object, got ${show(options)}`);
  }
  const { wasmPaths, wasmThreads, threads, dawnFlags, trainingKernels } = options;
  if (trainingKernels !== undefined && typeof trainingKernels !== 'boolean') {
    throw new TypeError(`useBackend: trainingKernels must be a boolean, got ${show(trainingKernels)}`);
  }
  if (wasmPaths !== undefined && typeof wasmPaths !== 'string' && (typeof wasmPaths !== 'object' || wasmPaths === null)) {
    throw new TypeError(`useBackend: wasmPaths must be a string or a map of file names to URLs, got ${show(wasmPaths)}`);
  }
  if (wasmThreads !== undefined && typeof wasmThreads !== 'boolean') {
    throw new TypeError(`useBackend: wasmThreads must be a boolean, got ${show(wasmThreads)}`);
  }
  if (threads !== undefined && (!Number.isInteger(threads) || threads < 1 || threads > MAX_WASM_THREADS)) {
    throw new RangeError(`useBackend: threads must be an integer from 1 to ${MAX_WASM_THREADS}, got ${show(threads)}`);
  }
  if (threads !== undefined && threads > 1 && wasmThreads === false) {
    throw new RangeError(`useBackend: threads ${threads} contradicts wasmThreads: false (one thread)`);
  }
  if (dawnFlags !== undefined && (!Array.isArray(dawnFlags) || dawnFlags.some((f) => typeof f !== 'string'))) {
    throw new TypeError(`useBackend: dawnFlags must be an array of strings, got ${show(dawnFlags)}`);
  }
}

async function activate(name: BackendName, options: UseBackendOptions): Promise<void> {
  await loadBackend(name, options);
  const previous = currentBackend();
  if (previous === name) return;
  let ok: boolean;
  try {
    ok = await tf.setBackend(name);
  } catch (error) {
    await restore(previous);
    throw new BackendUnavailableError(name, name, `useBackend('${name}'): the backend failed to initialise: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (!ok) {
    await restore(previous);
    const hint =
      name === 'webgpu'
        ? isNode()
          ? ' (Dawn found no WebGPU adapter: without a GPU, start Node with VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json and LD_LIBRARY_PATH=/usr/lib/chromium, the SwiftShader Vulkan driver that Chromium ships)'
          : ' (no WebGPU adapter: in Chromium pass --enable-unsafe-webgpu)'
        : name === 'webgl'
          ? ' (no WebGL2 context)'
          : '';
    throw new BackendUnavailableError(name, name, `useBackend('${name}'): the backend failed to initialise${hint}`);
  }
  await tf.ready();
  // tfjs's cpu backend tells Node users on first use to install tfjs-node; with @dl's
  // training kernels that advice is moot (and tfjs-node often cannot be installed).
  if (name === 'cpu' && isNode()) {
    const cpu = tf.findBackend('cpu') as { firstUse?: boolean } | null;
    if (cpu != null) cpu.firstUse = false;
  }
}

// A failed setBackend leaves the engine with no backend, and the next op would start
// the highest-priority one behind the caller's back; go back to what was in use.
async function restore(previous: string | undefined): Promise<void> {
  if (previous !== undefined && tf.findBackend(previous) != null) await tf.setBackend(previous);
}

/**
 * Loads a TF.js backend on demand and makes it current. `'auto'` picks the fastest that
 * works here: in Node `tensorflow` (if installed), then `wasm`, then `cpu`; in browsers
 * `webgpu`, `webgl`, `wasm`, `cpu`. Resolves to the backend now in use.
 */
export async function useBackend(name: BackendName | 'auto' = 'auto', options: UseBackendOptions = {}): Promise<BackendName> {
  checkOptions(name, options);
  if (name !== 'auto') {
    await activate(name, options);
    return name;
  }
  const failures: string[] = [];
  for (const candidate of autoOrder()) {
    try {
      await activate(candidate, options);
      return candidate;
    } catch (error) {
      failures.push(`${candidate}: ${(error as Error).message}`);
    }
  }
  throw new Error(`useBackend('auto'): no backend could be started:\n  ${failures.join('\n  ')}`);
}

/** The name of the backend in use, or undefined before one is chosen. */
export function currentBackend(): string | undefined {
  const engine = tf.engine() as unknown as { backendName?: string | null };
  return engine.backendName ?? undefined;
}
