export {
  registerTrainingKernels,
  unregisterTrainingKernels,
  trainingKernelNames,
  trainingKernelConfigs,
  isTrainingKernelRegistered,
  type TrainingKernelBackend,
} from './register-training-kernels.js';
export { conv2dCpu } from './conv2d.js';
export { sumCpu } from './sum.js';
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
