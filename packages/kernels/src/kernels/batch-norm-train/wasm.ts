import { multiOutputConfig } from '../../internal/kernel-types.js';
import { DlBatchNormTrain, DlBatchNormTrainGrad, batchNormTrainBackward, batchNormTrainForward } from './impl.js';

/** Batch norm's training forward for wasm: one pass for the mean, one for the variance, one for y. */
export const batchNormTrainWasm = /* @__PURE__ */ multiOutputConfig(DlBatchNormTrain, 'wasm', batchNormTrainForward);
/** Its backward: one pass for dγ and dβ, one for dx (the composed ops take ~20 kernels). */
export const batchNormTrainGradWasm = /* @__PURE__ */ multiOutputConfig(DlBatchNormTrainGrad, 'wasm', batchNormTrainBackward);
