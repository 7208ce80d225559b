export {
  registerTrainingKernels,
  unregisterTrainingKernels,
  trainingKernelNames,
  trainingKernelConfigs,
  isTrainingKernelRegistered,
  type TrainingKernelBackend,
} from './register-training-kernels.js';
// One folder per kernel under src/kernels, one file per backend (as tfjs's backends are laid out).
export { avgPoolGradCpu } from './kernels/avg-pool-grad/cpu.js';
export { avgPoolGradWasm } from './kernels/avg-pool-grad/wasm.js';
export { batchMatMulWasm } from './kernels/batch-mat-mul/wasm.js';
export { DlBatchNormTrain, DlBatchNormTrainGrad, registerBatchNormGradient, type BatchNormTrainAttrs } from './kernels/batch-norm-train/impl.js';
export { batchNormTrainCpu, batchNormTrainGradCpu } from './kernels/batch-norm-train/cpu.js';
export { batchNormTrainWasm, batchNormTrainGradWasm } from './kernels/batch-norm-train/wasm.js';
export { conv2dCpu } from './kernels/conv2d/cpu.js';
export { conv2dBackpropFilterCpu } from './kernels/conv2d-backprop-filter/cpu.js';
export { conv2dBackpropFilterWasm } from './kernels/conv2d-backprop-filter/wasm.js';
export { conv2dBackpropInputCpu } from './kernels/conv2d-backprop-input/cpu.js';
export { conv2dBackpropInputWasm } from './kernels/conv2d-backprop-input/wasm.js';
export { depthwiseConv2dBackpropFilterCpu } from './kernels/depthwise-conv2d-backprop-filter/cpu.js';
export { depthwiseConv2dBackpropFilterWasm } from './kernels/depthwise-conv2d-backprop-filter/wasm.js';
export { depthwiseConv2dBackpropInputCpu } from './kernels/depthwise-conv2d-backprop-input/cpu.js';
export { depthwiseConv2dBackpropInputWasm } from './kernels/depthwise-conv2d-backprop-input/wasm.js';
export { gatherV2Wasm } from './kernels/gather-v2/wasm.js';
export { identityWasm } from './kernels/identity/wasm.js';
export { maxPoolGradCpu } from './kernels/max-pool-grad/cpu.js';
export { maxPoolGradWasm } from './kernels/max-pool-grad/wasm.js';
export { meanCpu } from './kernels/mean/cpu.js';
export { meanWasm } from './kernels/mean/wasm.js';
export { sumCpu } from './kernels/sum/cpu.js';
export { sumWasm } from './kernels/sum/wasm.js';
export { DlAdamStep, DlSgdStep, DlRmspropStep, DlAdagradStep, optimizerStepKernelNames } from './optimizer-step-names.js';
export type { AdamStepAttrs, SgdStepAttrs, RmspropStepAttrs, AdagradStepAttrs } from './internal/optimizer-loops.js';
export { adamStepCpu } from './kernels/adam-step/cpu.js';
export { adamStepWasm } from './kernels/adam-step/wasm.js';
export { adamStepWebgl } from './kernels/adam-step/webgl.js';
export { sgdStepCpu } from './kernels/sgd-step/cpu.js';
export { sgdStepWasm } from './kernels/sgd-step/wasm.js';
export { sgdStepWebgl } from './kernels/sgd-step/webgl.js';
export { rmspropStepCpu } from './kernels/rmsprop-step/cpu.js';
export { rmspropStepWasm } from './kernels/rmsprop-step/wasm.js';
export { rmspropStepWebgl } from './kernels/rmsprop-step/webgl.js';
export { adagradStepCpu } from './kernels/adagrad-step/cpu.js';
export { adagradStepWasm } from './kernels/adagrad-step/wasm.js';
export { adagradStepWebgl } from './kernels/adagrad-step/webgl.js';
export { hasNativeKernels } from './has-native-kernels.js';
