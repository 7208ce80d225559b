import { multiOutputConfig } from '../../internal/kernel-types.js';
import { DlRmspropStep } from '../../optimizer-step-names.js';
import { rmspropStep } from './impl.js';

/** DlRmspropStep for wasm. Not registered by registerTrainingKernels: on wasm this JavaScript loop is slower than XNNPACK's composed ops (opt in with tf.registerKernel). */
export const rmspropStepWasm = /* @__PURE__ */ multiOutputConfig(DlRmspropStep, 'wasm', rmspropStep);
