/**
 * Worker threads for the native loops.
 *
 * tfjs's threaded wasm build runs XNNPACK on a pthread pool, but @dl's own loops (batch norm,
 * pooling gradients, im2col, sums) ran on the calling thread only. Here each extra thread is a
 * Worker holding its own instance of the same native module over the same shared heap: a loop is
 * split into disjoint ranges (images, channels, elements), the workers take one range each and
 * the caller the first. Every range computes exactly what the whole loop computes for it, so a
 * split run gives the same bits as a single call.
 *
 * A job is handed over through a small SharedArrayBuffer per worker (a sequence number, a done
 * number, the function and its arguments) with Atomics.notify/wait: no message per call. The
 * caller blocks in Atomics.wait where it may (Node, workers) and spins where it may not (a
 * browser's main thread).
 */

// Int32 slots of a worker's control block, then the arguments as float64 from ARGS_BYTE.
const SEQ = 0;
const DONE = 1;
const FN = 2;
const NARGS = 3;
const FAILED = 4;
const ARGS_BYTE = 32;
const MAX_ARGS = 32;

// The worker: instantiates the module on the shared heap and runs jobs until told to stop (FN -1).
// A failed call still reports done (with FAILED set) so the caller never waits forever.
const WORKER_BODY = `
function start(data, post) {
  const instance = new WebAssembly.Instance(data.module, { env: { memory: data.memory } });
  const fns = data.names.map((n) => instance.exports[n]);
  const ctrl = new Int32Array(data.control);
  const args = new Float64Array(data.control, ${ARGS_BYTE}, ${MAX_ARGS});
  let seen = Atomics.load(ctrl, ${SEQ});
  post('ready');
  for (;;) {
    Atomics.wait(ctrl, ${SEQ}, seen);
    const s = Atomics.load(ctrl, ${SEQ});
    if (s === seen) continue;
    seen = s;
    const fn = ctrl[${FN}];
    if (fn < 0) return;
    try {
      fns[fn](...args.subarray(0, ctrl[${NARGS}]));
    } catch (e) {
      ctrl[${FAILED}] = 1;
    }
    Atomics.store(ctrl, ${DONE}, s);
    Atomics.notify(ctrl, ${DONE});
  }
}`;

// An eval'd worker is CommonJS or, under --input-type=module, an ES module: reach worker_threads
// in a way both allow.
const NODE_WORKER = `${WORKER_BODY}
const { parentPort } = typeof process.getBuiltinModule === 'function' ? process.getBuiltinModule('node:worker_threads') : require('node:worker_threads');
parentPort.once('message', (data) => start(data, (m) => parentPort.postMessage(m)));`;

const WEB_WORKER = `${WORKER_BODY}
self.onmessage = (e) => start(e.data, (m) => self.postMessage(m));`;

interface WorkerLike {
  postMessage(message: unknown): void;
  terminate(): unknown;
  unref?(): void;
}

interface Slot {
  worker: WorkerLike;
  ctrl: Int32Array;
  args: Float64Array;
}

/** A started pool: `size` workers besides the calling thread. */
export interface NativePool {
  readonly size: number;
  /** Runs `fn` with each argument list of `parts`: parts[0] here, the rest on the workers. */
  run(fn: (...args: number[]) => void, name: string, parts: readonly (readonly number[])[]): void;
  stop(): void;
}

const nodeOnly = (specifier: string): Promise<unknown> => import(/* @vite-ignore */ specifier);

async function makeWorker(isNode: boolean): Promise<{ worker: WorkerLike; ready: Promise<void> } | undefined> {
  if (isNode) {
    const { Worker } = (await nodeOnly('node:worker_threads')) as {
      Worker: new (code: string, options: { eval: true }) => WorkerLike & { once(e: string, f: (m: unknown) => void): void };
    };
    const worker = new Worker(NODE_WORKER, { eval: true });
    const ready = new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
    });
    return { worker, ready };
  }
  const g = globalThis as { Worker?: new (url: string) => WorkerLike & { onmessage: unknown; onerror: unknown } };
  if (typeof g.Worker !== 'function' || typeof Blob === 'undefined' || typeof URL.createObjectURL !== 'function') return undefined;
  const url = URL.createObjectURL(new Blob([WEB_WORKER], { type: 'text/javascript' }));
  const worker = new g.Worker(url);
  const ready = new Promise<void>((resolve, reject) => {
    worker.onmessage = () => resolve();
    worker.onerror = (e: unknown) => reject(e instanceof Error ? e : new Error(String((e as { message?: string }).message ?? e)));
  }).finally(() => URL.revokeObjectURL(url));
  return { worker, ready };
}

// Whether this thread may block in Atomics.wait (a browser's main thread may not).
function canBlock(): boolean {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts `workers` workers running the native module `module` over the shared `memory`; `names`
 * are the exports a job may call, by index. Resolves to undefined where workers cannot be made.
 */
export async function startNativePool(
  module: WebAssembly.Module,
  memory: WebAssembly.Memory,
  names: readonly string[],
  workers: number,
  isNode: boolean,
): Promise<NativePool | undefined> {
  if (workers < 1 || typeof SharedArrayBuffer === 'undefined' || !(memory.buffer instanceof SharedArrayBuffer)) return undefined;
  const slots: Slot[] = [];
  try {
    for (let i = 0; i < workers; i++) {
      const made = await makeWorker(isNode);
      if (made === undefined) break;
      const control = new SharedArrayBuffer(ARGS_BYTE + 8 * MAX_ARGS);
      made.worker.postMessage({ module, memory, control, names: [...names] });
      await made.ready;
      // A waiting worker must not keep Node from exiting.
      made.worker.unref?.();
      slots.push({ worker: made.worker, ctrl: new Int32Array(control), args: new Float64Array(control, ARGS_BYTE, MAX_ARGS) });
    }
  } catch {
    for (const s of slots) void s.worker.terminate();
    return undefined;
  }
  if (slots.length === 0) return undefined;
  const block = canBlock();
  const index = new Map(names.map((n, i) => [n, i]));
  return {
    size: slots.length,
    run(fn, name, parts) {
      const f = index.get(name);
      if (f === undefined) throw new Error(`@dl/kernels: ${name} is not a native export the workers know`);
      const used = Math.min(parts.length - 1, slots.length);
      const before: number[] = [];
      for (let i = 0; i < used; i++) {
        const { ctrl, args } = slots[i]!;
        const part = parts[i + 1]!;
        before.push(Atomics.load(ctrl, DONE));
        ctrl[FN] = f;
        ctrl[NARGS] = part.length;
        for (let k = 0; k < part.length; k++) args[k] = part[k]!;
        Atomics.add(ctrl, SEQ, 1);
        Atomics.notify(ctrl, SEQ);
      }
      let failure: unknown;
      try {
        fn(...parts[0]!);
        // Parts beyond the workers (none when the caller split by size + 1) run here too.
        for (let i = used + 1; i < parts.length; i++) fn(...parts[i]!);
      } catch (e) {
        failure = e;
      }
      // Wait for every worker even when this thread's part failed: they write into the same tensors.
      let failed = false;
      for (let i = 0; i < used; i++) {
        const { ctrl } = slots[i]!;
        const prev = before[i]!;
        while (Atomics.load(ctrl, DONE) === prev) {
          if (block) Atomics.wait(ctrl, DONE, prev);
        }
        if (ctrl[FAILED] !== 0) {
          ctrl[FAILED] = 0;
          failed = true;
        }
      }
      if (failure !== undefined) throw failure;
      if (failed) throw new Error(`@dl/kernels: the native loop ${name} failed on a worker thread`);
    },
    stop() {
      for (const { worker, ctrl } of slots) {
        ctrl[FN] = -1;
        Atomics.add(ctrl, SEQ, 1);
        Atomics.notify(ctrl, SEQ);
        void worker.terminate();
      }
      slots.length = 0;
    },
  };
}

/**
 * Splits [0, total) into at most `parts` contiguous ranges whose bounds are multiples of `grain`
 * (the last range takes the rest), as [start, end) pairs.
 */
export function splitRange(total: number, parts: number, grain = 1): [number, number][] {
  const units = Math.ceil(total / grain);
  const n = Math.max(1, Math.min(parts, units));
  const out: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    const start = Math.min(total, Math.floor((units * i) / n) * grain);
    const end = i === n - 1 ? total : Math.min(total, Math.floor((units * (i + 1)) / n) * grain);
    if (end > start) out.push([start, end]);
  }
  return out;
}
