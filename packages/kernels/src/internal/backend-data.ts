import type { DataId, KernelBackend, TensorInfo } from '@tensorflow/tfjs-core';

// The parts of MathBackendCPU and BackendWasm the kernels touch; typed
// structurally so that the library never imports a backend package.
interface CpuBackendLike {
  data: { get(dataId: DataId): { values?: unknown } };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): TensorInfo;
}
interface WasmBackendLike {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): ArrayLike<number>;
  disposeData(dataId: DataId): boolean;
}

export function isWasmBackend(backend: KernelBackend): boolean {
  return typeof (backend as unknown as Partial<WasmBackendLike>).typedArrayFromHeap === 'function';
}

/** The name the kernels of `backend` are registered under. */
export function backendName(backend: KernelBackend): 'cpu' | 'wasm' {
  return isWasmBackend(backend) ? 'wasm' : 'cpu';
}

/**
 * The float32 values of `info`. On wasm this is a view into the heap: it is
 * invalidated by any later allocation, so read inputs after making outputs.
 */
export function readF32(backend: KernelBackend, info: TensorInfo): Float32Array {
  if (isWasmBackend(backend)) {
    const values = (backend as unknown as WasmBackendLike).typedArrayFromHeap(info);
    return values instanceof Float32Array ? values : Float32Array.from(values);
  }
  const values = (backend as unknown as CpuBackendLike).data.get(info.dataId).values;
  if (values instanceof Float32Array) return values;
  if (ArrayBuffer.isView(values)) return Float32Array.from(values as unknown as ArrayLike<number>);
  throw new TypeError(`@dl/kernels: expected numeric data for a ${info.dtype} tensor of shape [${info.shape}]`);
}

/** A new float32 tensor on `backend` holding `values` (copied on wasm). */
export function makeF32(backend: KernelBackend, shape: number[], values: Float32Array): TensorInfo {
  if (isWasmBackend(backend)) {
    const wasm = backend as unknown as WasmBackendLike;
    const out = wasm.makeOutput(shape, 'float32');
    (wasm.typedArrayFromHeap(out) as Float32Array).set(values);
    return out;
  }
  return (backend as unknown as CpuBackendLike).makeTensorInfo(shape, 'float32', values);
}

/** An uninitialised float32 output on wasm (zero it if you accumulate into it). */
export function makeWasmOutput(backend: KernelBackend, shape: number[]): TensorInfo {
  return (backend as unknown as WasmBackendLike).makeOutput(shape, 'float32');
}

export function wasmView(backend: KernelBackend, info: TensorInfo): Float32Array {
  return (backend as unknown as WasmBackendLike).typedArrayFromHeap(info) as Float32Array;
}

export function disposeInfo(backend: KernelBackend, info: TensorInfo): void {
  backend.disposeData(info.dataId);
}
