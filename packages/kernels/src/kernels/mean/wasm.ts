import { Mean } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs-core';
import { withStockSetup } from '../../internal/originals.js';
import { meanKernel } from './impl.js';

/** Mean for wasm: the same loop over the heap (the stock kernel transposes first). */
export const meanWasm: KernelConfig = /* @__PURE__ */ withStockSetup({ kernelName: Mean, backendName: 'wasm', kernelFunc: meanKernel as unknown as KernelFunc });
