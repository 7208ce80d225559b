export {
  registerTrainingKernels,
  unregisterTrainingKernels,
  trainingKernelNames,
  trainingKernelConfigs,
  isTrainingKernelRegistered,
  type TrainingKernelBackend,
} from './register-training-kernels.js';
export { conv2dCpu } from './conv2d.js';
export { sumCpu, sumWasm } from './sum.js';
export { meanCpu, meanWasm } from './mean.js';
export { batchMatMulWasm } from './batch-mat-mul.js';
export { gatherV2Wasm } from './gather-v2.js';
export {
  DlBatchNormTrain,
  DlBatchNormTrainGrad,
  batchNormTrainCpu,
  batchNormTrainWasm,
  batchNormTrainGradCpu,
  batchNormTrainGradWasm,
  registerBatchNormGradient,
  type BatchNormTrainAttrs,
} from './batch-norm-train.js';
export { conv2dBackpropFilterCpu, conv2dBackpropFilterWasm } from './conv2d-backprop-filter.js';
export { conv2dBackpropInputCpu, conv2dBackpropInputWasm } from './conv2d-backprop-input.js';
export { depthwiseConv2dBackpropFilterCpu, depthwiseConv2dBackpropFilterWasm } from './depthwise-conv2d-backprop-filter.js';
export { depthwiseConv2dBackpropInputCpu, depthwiseConv2dBackpropInputWasm } from './depthwise-conv2d-backprop-input.js';
export { maxPoolGradCpu, maxPoolGradWasm } from './max-pool-grad.js';
export { avgPoolGradCpu, avgPoolGradWasm } from './avg-pool-grad.js';
export {
  DlAdamStep,
  DlSgdStep,
  DlRmspropStep,
  DlAdagradStep,
  optimizerStepKernelNames,
  adamStepCpu,
  adamStepWasm,
  sgdStepCpu,
  sgdStepWasm,
  rmspropStepCpu,
  rmspropStepWasm,
  adagradStepCpu,
  adagradStepWasm,
  type AdamStepAttrs,
  type SgdStepAttrs,
  type RmspropStepAttrs,
  type AdagradStepAttrs,
} from './optimizer-steps.js';
export { hasNativeKernels } from './has-native-kernels.js';
