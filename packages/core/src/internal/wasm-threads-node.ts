import * as tf from '@tensorflow/tfjs-core';

/**
 * Multi-threaded wasm in Node.
 *
 * tfjs-backend-wasm ships a threaded SIMD build (XNNPACK on a pthreadpool) but turns it
 * off in Node: it starts its pthread workers from `blob:` URLs, which Node's `Worker`
 * refuses. Here the same build is started with what Node accepts: the worker is an ES
 * module in a `data:` URL that runs tfjs's own worker source, and the main script is the
 * factory file the package ships. The backend is tfjs's `BackendWasm`, registered under
 * the name `wasm`, so every wasm kernel (tfjs's and @dl's) runs on it unchanged.
 *
 * tfjs sizes its pool as half the logical core count (it assumes two hyper-threads per
 * core, which leaves a 2-vCPU machine on one thread); the count is asked of the
 * `emscripten_num_logical_cores` import, so the instantiation supplies twice the wanted
 * number there.
 */

/** The most threads tfjs-backend-wasm's build can use (its pool and its cap). */
export const MAX_WASM_THREADS = 8;

const nodeOnly = (specifier: string): Promise<unknown> => import(/* @vite-ignore */ specifier);

interface EmscriptenWorker {
  unref(): void;
}
interface ThreadedModule {
  cwrap(name: string, returnType: string | null, argTypes: string[]): (...args: number[]) => number;
  tfjs?: Record<string, (...args: number[]) => number>;
  PThread: { runningWorkers: EmscriptenWorker[] };
}
type Factory = (config: Record<string, unknown>) => Promise<ThreadedModule>;

let threadsInUse: number | undefined;
// tfjs's own factory, put back when a later call asks for one thread before the start.
let stockFactory: { factory: () => tf.KernelBackend | Promise<tf.KernelBackend>; priority: number } | undefined;

function factories(): Record<string, typeof stockFactory> {
  return (tf.engine() as unknown as { registryFactory: Record<string, typeof stockFactory> }).registryFactory;
}

/** Puts tfjs's single-threaded factory back in place of {@link startThreadedWasm}'s (before the start). */
export function useStockWasm(): void {
  if (stockFactory === undefined || wasmBackendStarted()) return;
  tf.removeBackend('wasm');
  tf.registerBackend('wasm', stockFactory.factory, stockFactory.priority);
  stockFactory = undefined;
}

/** How many threads the wasm backend started by {@link startThreadedWasm} runs on; undefined if it did not. */
export function threadedWasmThreads(): number | undefined {
  return threadsInUse;
}

/** The logical core count of this machine (Node). */
export async function nodeCoreCount(): Promise<number> {
  const os = (await nodeOnly('node:os')) as { availableParallelism?: () => number; cpus: () => unknown[] };
  return os.availableParallelism?.() ?? os.cpus().length;
}

/** Whether TF.js has already made a wasm backend (whose thread count can then no longer change). */
export function wasmBackendStarted(): boolean {
  return 'wasm' in (tf.engine() as unknown as { registry: Record<string, unknown> }).registry;
}

/**
 * Registers, in place of tfjs's own factory, a `wasm` backend on `threads` threads. Call it
 * after importing `@tensorflow/tfjs-backend-wasm` and before the backend is first made.
 */
export async function startThreadedWasm(threads: number): Promise<void> {
  const wasmPackage = (await import('@tensorflow/tfjs-backend-wasm')) as unknown as {
    BackendWasm: new (module: ThreadedModule) => tf.KernelBackend;
    setThreadsCount(n: number): void;
  };
  const { createRequire } = (await nodeOnly('node:module')) as { createRequire(from: string | URL): NodeJS.Require };
  const { readFileSync } = (await nodeOnly('node:fs')) as { readFileSync(path: string): Uint8Array };
  const require = createRequire(import.meta.url);
  const file = (name: string) => require.resolve(`@tensorflow/tfjs-backend-wasm/wasm-out/${name}`);
  const factoryPath = file('tfjs-backend-wasm-threaded-simd.js');
  const workerSourcePath = file('tfjs-backend-wasm-threaded-simd.worker.js');
  const wasmPath = file('tfjs-backend-wasm-threaded-simd.wasm');
  // tfjs ships its worker as a CommonJS string (it makes a blob of it); the worker runs that
  // string with a require rooted at the factory, whose path its importScripts then reads.
  // Its "\n" escapes are real newlines in the string; tfjs re-escapes them the same way.
  const workerModule = [
    `import { createRequire } from 'node:module';`,
    `const require = createRequire(${JSON.stringify(factoryPath)});`,
    `const { wasmWorkerContents } = require(${JSON.stringify(workerSourcePath)});`,
    `new Function('require', '__filename', wasmWorkerContents.replace(/\\n/g, '\\\\n'))(require, ${JSON.stringify(factoryPath)});`,
  ].join('\n');
  const workerUrl = new URL(`data:text/javascript,${encodeURIComponent(workerModule)}`);

  const factory = async (): Promise<tf.KernelBackend> => {
    const createModule = require(factoryPath) as Factory;
    const module = await createModule({
      locateFile: (path: string, prefix: string) =>
        path.endsWith('.worker.js') ? workerUrl : path.endsWith('.wasm') ? wasmPath : prefix + path,
      mainScriptUrlOrBlob: factoryPath,
      instantiateWasm(
        imports: { env: Record<string, unknown> },
        receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void,
      ) {
        const env = { ...imports.env, emscripten_num_logical_cores: () => 2 * threads };
        const bytes = readFileSync(wasmPath) as Uint8Array<ArrayBuffer>;
        void WebAssembly.instantiate(bytes, { ...imports, env } as WebAssembly.Imports).then((r) => receive(r.instance, r.module));
        return {};
      },
    });
    module.tfjs = {
      init: module.cwrap('init', null, []),
      initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
      getThreadsCount: module.cwrap('get_threads_count', 'number', []),
      registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
      disposeData: module.cwrap('dispose_data', null, ['number']),
      dispose: module.cwrap('dispose', null, []),
    };
    wasmPackage.setThreadsCount(threads);
    const backend = new wasmPackage.BackendWasm(module);
    threadsInUse = module.tfjs.getThreadsCount!();
    // The pool's threads wait for work for the life of the backend; they must not keep Node
    // from exiting when the program is done.
    for (const worker of module.PThread.runningWorkers) worker.unref();
    return backend;
  };
  const current = factories()['wasm'];
  stockFactory ??= current;
  tf.removeBackend('wasm');
  tf.registerBackend('wasm', factory, current?.priority ?? 2);
}
