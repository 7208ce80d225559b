import { backend } from '@tensorflow/tfjs-core';
import { nativeKernels } from './internal/native.js';

/**
 * Whether the current backend runs this package's native loops (native/kernels.c compiled to wasm
 * SIMD, on the backend's own heap): true on wasm where the engine has SIMD, false elsewhere
 * (cpu, or a browser without wasm SIMD, where the JavaScript loops run instead).
 */
export function hasNativeKernels(): boolean {
  return nativeKernels(backend()) !== undefined;
}
