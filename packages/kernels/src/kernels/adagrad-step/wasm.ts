import { multiOutputConfig } from '../../internal/kernel-types.js';
import { DlAdagradStep } from '../../optimizer-step-names.js';
import { adagradStep } from './impl.js';

/** DlAdagradStep for wasm. Not registered by registerTrainingKernels: on wasm this JavaScript loop is slower than XNNPACK's composed ops (opt in with tf.registerKernel). */
export const adagradStepWasm = /* @__PURE__ */ multiOutputConfig(DlAdagradStep, 'wasm', adagradStep);
