import { MaxPoolGrad } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs-core';
import { maxPoolGrad } from './impl.js';

/** MaxPoolGrad for wasm: the same loops as native SIMD over the heap (the JavaScript ones without wasm SIMD). */
export const maxPoolGradWasm: KernelConfig = { kernelName: MaxPoolGrad, backendName: 'wasm', kernelFunc: maxPoolGrad as unknown as KernelFunc };
