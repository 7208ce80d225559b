import type { DataId, KernelBackend, TensorInfo } from '@tensorflow/tfjs-core';
import { isWasmBackend } from './backend-data.js';
import { NATIVE_WASM_BASE64 } from './native-binary.js';
import { splitRange, startNativePool, type NativePool } from './native-pool.js';

/**
 * The exports of native/kernels.c. Pointers are byte offsets into the wasm backend's heap (a
 * tensor's memory offset); a null pointer (0) stands for an absent optional input.
 */
export interface NativeKernels {
  bn_train(x: number, gamma: number, beta: number, rows: number, c: number, ld: number, eps: number, y: number, mean: number, variance: number, invStd: number, scratch: number): void;
  bn_train_grad(dy: number, x: number, mean: number, invStd: number, gamma: number, rows: number, c: number, ld: number, dx: number, dGamma: number, dBeta: number, scratch: number): void;
  max_pool_grad(dy: number, x: number, n: number, h: number, w: number, c: number, oh: number, ow: number, kh: number, kw: number, sh: number, sw: number, dh: number, dw: number, top: number, left: number, dx: number): void;
  max_pool_grad_2x2(dy: number, x: number, n: number, h: number, w: number, c: number, dx: number): void;
  im2col_t(cols: number, x: number, h: number, w: number, c: number, oh: number, ow: number, kh: number, kw: number, sh: number, sw: number, dh: number, dw: number, top: number, left: number, b0: number, nb: number, mTotal: number, m0: number): void;
  spread_pad(dy: number, n: number, oh: number, ow: number, o: number, hp: number, wp: number, p: number, q: number, sh: number, sw: number, out: number): void;
  sum_leading(x: number, outer: number, inner: number, ld: number, scale: number, out: number, scratch: number): void;
  sum_trailing(x: number, outer: number, inner: number, scale: number, out: number): void;
  sgd_step(n: number, lr: number, momentum: number, dampening: number, nesterov: number, weightDecay: number, maximize: number, first: number, grad: number, buf0: number, param: number, update: number, buf1: number): void;
  adam_step(n: number, lr: number, beta1: number, beta2: number, eps: number, biasCorrection1: number, biasCorrection2Sqrt: number, weightDecay: number, decoupled: number, maximize: number, grad: number, m0: number, v0: number, vMax0: number, param: number, update: number, m1: number, v1: number, vMax1: number): void;
}

interface WasmBackendLike {
  wasm?: { wasmMemory?: unknown; asm?: { memory?: unknown } };
  getMemoryOffset(dataId: DataId): number;
}

interface Native {
  kernels: NativeKernels;
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  pool?: NativePool;
  starting?: Promise<number>;
}

// One instance per tfjs heap (a backend re-created after removeBackend gets a new one).
const instances = new WeakMap<object, Native | null>();
const byKernels = new WeakMap<NativeKernels, Native>();
let enabled = true;
let threadsEnabled = true;

/** @internal Turns the native loops off (tests and benchmarks compare them with the JavaScript ones). */
export function setNativeKernels(on: boolean): void {
  enabled = on;
}

function decode(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

// The memory import `env.memory` is compiled unshared; tfjs's threaded build has a shared heap,
// and an import must match it exactly, so its limits flag gets the shared bit (0x01 -> 0x03).
const MEMORY_IMPORT = [0x03, 0x65, 0x6e, 0x76, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02];

function markShared(bytes: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  outer: for (let i = 8; i + MEMORY_IMPORT.length < bytes.length; i++) {
    for (let k = 0; k < MEMORY_IMPORT.length; k++) if (bytes[i + k] !== MEMORY_IMPORT[k]) continue outer;
    bytes[i + MEMORY_IMPORT.length] = bytes[i + MEMORY_IMPORT.length]! | 0x02;
    return bytes;
  }
  throw new Error('@dl/kernels: the native module has no env.memory import');
}

/** @internal The compiled native module, its memory import shared or not; null without wasm SIMD. */
export function compileNative(shared: boolean): WebAssembly.Module | null {
  let bytes = decode(NATIVE_WASM_BASE64);
  if (shared) bytes = markShared(bytes);
  // An engine without SIMD keeps the JavaScript loops.
  if (!WebAssembly.validate(bytes)) return null;
  // Synchronous compile: the module is small enough for a browser's main thread.
  return new WebAssembly.Module(bytes);
}

function instantiate(memory: WebAssembly.Memory): Native | null {
  try {
    const module = compileNative(typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer);
    if (module === null) return null;
    const instance = new WebAssembly.Instance(module, { env: { memory } });
    const native: Native = { kernels: instance.exports as unknown as NativeKernels, module, memory };
    byKernels.set(native.kernels, native);
    return native;
  } catch {
    return null;
  }
}

function nativeOf(backend: KernelBackend): Native | undefined {
  if (!isWasmBackend(backend)) return undefined;
  const wasm = (backend as unknown as WasmBackendLike).wasm;
  const memory = wasm?.wasmMemory ?? wasm?.asm?.memory;
  if (typeof WebAssembly === 'undefined' || !(memory instanceof WebAssembly.Memory)) return undefined;
  let found = instances.get(memory);
  if (found === undefined) {
    found = instantiate(memory);
    instances.set(memory, found);
  }
  return found ?? undefined;
}

/** The native loops over `backend`'s heap, or undefined (not wasm, no SIMD, or turned off). */
export function nativeKernels(backend: KernelBackend): NativeKernels | undefined {
  return enabled ? nativeOf(backend)?.kernels : undefined;
}

// Exports a worker may run (the loops that split; the rest run whole on the calling thread).
export const SPLIT_EXPORTS = ['bn_train', 'bn_train_grad', 'max_pool_grad', 'max_pool_grad_2x2', 'im2col_t', 'spread_pad', 'sum_leading', 'sgd_step', 'adam_step'] as const;
type SplitExport = (typeof SPLIT_EXPORTS)[number];

const isNodeRuntime = (): boolean => {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string' && typeof (globalThis as { window?: unknown }).window === 'undefined';
};

/**
 * Starts `threads - 1` workers for the native loops of `backend` (wasm with a shared heap:
 * tfjs's threaded build). Resolves to the threads the loops then run on (1 where workers
 * cannot be had). A second call returns the running pool's count.
 */
export function startNativeThreads(backend: KernelBackend, threads: number): Promise<number> {
  const native = nativeOf(backend);
  if (native === undefined || threads <= 1) return Promise.resolve(1);
  native.starting ??= startNativePool(native.module, native.memory, SPLIT_EXPORTS, threads - 1, isNodeRuntime()).then(
    (pool) => {
      native.pool = pool;
      return 1 + (pool?.size ?? 0);
    },
    () => 1,
  );
  return native.starting;
}

/** Stops the workers of `backend`'s native loops (they run on the calling thread after). */
export function stopNativeThreads(backend: KernelBackend): void {
  const native = nativeOf(backend);
  native?.pool?.stop();
  if (native !== undefined) {
    native.pool = undefined;
    native.starting = undefined;
  }
}

/** The threads `backend`'s native loops run on now (1 without workers). */
export function nativeThreads(backend: KernelBackend): number {
  const native = nativeOf(backend);
  return threadsEnabled && native?.pool !== undefined ? 1 + native.pool.size : 1;
}

/** @internal Runs the native loops on the calling thread only (tests compare split and whole runs). */
export function setNativeThreads(on: boolean): void {
  threadsEnabled = on;
}

// Below this many elements a loop runs whole: handing it to a worker costs more than it saves.
const MIN_SPLIT_WORK = 1 << 15;

/**
 * Runs the native loop `name` over [0, total), split into one range per thread when a pool runs
 * and `work` (elements touched) is worth it; `args(start, end)` gives a range's arguments and
 * range bounds are multiples of `grain`. Ranges must write disjoint memory.
 */
export function runSplit<K extends SplitExport>(
  kernels: NativeKernels,
  name: K,
  total: number,
  work: number,
  args: (start: number, end: number) => Parameters<NativeKernels[K]>,
  grain = 1,
): void {
  const fn = kernels[name] as (...a: number[]) => void;
  const pool = threadsEnabled ? byKernels.get(kernels)?.pool : undefined;
  if (pool === undefined || work < MIN_SPLIT_WORK || total < 2 * grain) {
    fn(...(args(0, total) as number[]));
    return;
  }
  const ranges = splitRange(total, pool.size + 1, grain);
  pool.run(fn, name, ranges.map(([s, e]) => args(s, e) as number[]));
}

/** `ptr` advanced by `floats` float32s, a null pointer (0) left null. */
export function advance(ptr: number, floats: number, bytesPerElement = 4): number {
  return ptr === 0 ? 0 : ptr + floats * bytesPerElement;
}

/** The heap offset of a wasm tensor (0 for an absent one: the native loops' null). */
export function heapOffset(backend: KernelBackend, info: TensorInfo | undefined): number {
  return info === undefined ? 0 : (backend as unknown as WasmBackendLike).getMemoryOffset(info.dataId);
}

/**
 * Runs a native loop as a kernel: makes the float32 outputs of `outShapes` and a scratch tensor of
 * `scratchFloats` floats on the heap, passes their offsets to `loop`, frees the scratch.
 */
export function nativeKernel(
  backend: KernelBackend,
  outShapes: readonly number[][],
  scratchFloats: number,
  loop: (outs: number[], scratch: number) => void,
): TensorInfo[] {
  const wasm = backend as unknown as { makeOutput(shape: number[], dtype: 'float32'): TensorInfo };
  const outs = outShapes.map((s) => wasm.makeOutput(s.slice(), 'float32'));
  const scratch = scratchFloats > 0 ? wasm.makeOutput([scratchFloats], 'float32') : undefined;
  try {
    loop(
      outs.map((o) => heapOffset(backend, o)),
      heapOffset(backend, scratch),
    );
  } finally {
    if (scratch !== undefined) backend.disposeData(scratch.dataId);
  }
  return outs;
}
