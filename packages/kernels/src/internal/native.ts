import type { DataId, KernelBackend, TensorInfo } from '@tensorflow/tfjs-core';
import { isWasmBackend } from './backend-data.js';
import { NATIVE_WASM_BASE64 } from './native-binary.js';

/**
 * The exports of native/kernels.c. Pointers are byte offsets into the wasm backend's heap (a
 * tensor's memory offset); a null pointer (0) stands for an absent optional input.
 */
export interface NativeKernels {
  bn_train(x: number, gamma: number, beta: number, rows: number, c: number, eps: number, y: number, mean: number, variance: number, invStd: number, scratch: number): void;
  bn_train_grad(dy: number, x: number, mean: number, invStd: number, gamma: number, rows: number, c: number, dx: number, dGamma: number, dBeta: number, scratch: number): void;
  max_pool_grad(dy: number, x: number, n: number, h: number, w: number, c: number, oh: number, ow: number, kh: number, kw: number, sh: number, sw: number, dh: number, dw: number, top: number, left: number, dx: number): void;
  max_pool_grad_2x2(dy: number, x: number, n: number, h: number, w: number, c: number, dx: number): void;
  conv_filter_grad_direct(x: number, dy: number, n: number, h: number, w: number, c: number, oh: number, ow: number, oc: number, kh: number, kw: number, sh: number, sw: number, dh: number, dw: number, top: number, left: number, acc: number, out: number): void;
  im2col_t(cols: number, x: number, h: number, w: number, c: number, oh: number, ow: number, kh: number, kw: number, sh: number, sw: number, dh: number, dw: number, top: number, left: number, b0: number, nb: number): void;
  spread_pad(dy: number, n: number, oh: number, ow: number, o: number, hp: number, wp: number, p: number, q: number, sh: number, sw: number, out: number): void;
  sum_leading(x: number, outer: number, inner: number, scale: number, out: number, scratch: number): void;
  sum_trailing(x: number, outer: number, inner: number, scale: number, out: number): void;
  sgd_step(n: number, lr: number, momentum: number, dampening: number, nesterov: number, weightDecay: number, maximize: number, first: number, grad: number, buf0: number, param: number, update: number, buf1: number): void;
  adam_step(n: number, lr: number, beta1: number, beta2: number, eps: number, biasCorrection1: number, biasCorrection2Sqrt: number, weightDecay: number, decoupled: number, maximize: number, grad: number, m0: number, v0: number, vMax0: number, param: number, update: number, m1: number, v1: number, vMax1: number): void;
}

interface WasmBackendLike {
  wasm?: { wasmMemory?: unknown; asm?: { memory?: unknown } };
  getMemoryOffset(dataId: DataId): number;
}

// One instance per tfjs heap (a backend re-created after removeBackend gets a new one).
const instances = new WeakMap<object, NativeKernels | null>();
let enabled = true;

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

function instantiate(memory: WebAssembly.Memory): NativeKernels | null {
  try {
    let bytes = decode(NATIVE_WASM_BASE64);
    if (typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer) bytes = markShared(bytes);
    // An engine without SIMD keeps the JavaScript loops.
    if (!WebAssembly.validate(bytes)) return null;
    // Synchronous compile: the module is small enough for a browser's main thread.
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
    return instance.exports as unknown as NativeKernels;
  } catch {
    return null;
  }
}

/** The native loops over `backend`'s heap, or undefined (not wasm, no SIMD, or turned off). */
export function nativeKernels(backend: KernelBackend): NativeKernels | undefined {
  if (!enabled || !isWasmBackend(backend)) return undefined;
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
