import { AvgPoolGrad } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs-core';
import { avgPoolGrad } from './impl.js';

/** AvgPoolGrad for wasm; unlike the stock kernel, correct at 'same' borders. */
export const avgPoolGradWasm: KernelConfig = { kernelName: AvgPoolGrad, backendName: 'wasm', kernelFunc: avgPoolGrad as unknown as KernelFunc };
