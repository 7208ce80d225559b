import { getKernel, registerKernel, unregisterKernel } from '@tensorflow/tfjs-core';
import type { KernelConfig } from '@tensorflow/tfjs-core';
import { avgPoolGradCpu } from './kernels/avg-pool-grad/cpu.js';
import { avgPoolGradWasm } from './kernels/avg-pool-grad/wasm.js';
import { batchMatMulWasm } from './kernels/batch-mat-mul/wasm.js';
import { batchNormTrainCpu, batchNormTrainGradCpu } from './kernels/batch-norm-train/cpu.js';
import { registerBatchNormGradient } from './kernels/batch-norm-train/impl.js';
import { batchNormTrainGradWasm, batchNormTrainWasm } from './kernels/batch-norm-train/wasm.js';
import { conv2dCpu } from './kernels/conv2d/cpu.js';
import { conv2dBackpropFilterCpu } from './kernels/conv2d-backprop-filter/cpu.js';
import { conv2dBackpropFilterWasm } from './kernels/conv2d-backprop-filter/wasm.js';
import { conv2dBackpropInputCpu } from './kernels/conv2d-backprop-input/cpu.js';
import { conv2dBackpropInputWasm } from './kernels/conv2d-backprop-input/wasm.js';
import { depthwiseConv2dBackpropFilterCpu } from './kernels/depthwise-conv2d-backprop-filter/cpu.js';
import { depthwiseConv2dBackpropFilterWasm } from './kernels/depthwise-conv2d-backprop-filter/wasm.js';
import { depthwiseConv2dBackpropInputCpu } from './kernels/depthwise-conv2d-backprop-input/cpu.js';
import { depthwiseConv2dBackpropInputWasm } from './kernels/depthwise-conv2d-backprop-input/wasm.js';
import { gatherV2Wasm } from './kernels/gather-v2/wasm.js';
import { identityWasm } from './kernels/identity/wasm.js';
import { maxPoolGradCpu } from './kernels/max-pool-grad/cpu.js';
import { maxPoolGradWasm } from './kernels/max-pool-grad/wasm.js';
import { meanCpu } from './kernels/mean/cpu.js';
import { meanWasm } from './kernels/mean/wasm.js';
import { sumCpu } from './kernels/sum/cpu.js';
import { sumWasm } from './kernels/sum/wasm.js';
import { adagradStepCpu } from './kernels/adagrad-step/cpu.js';
import { adagradStepWebgl } from './kernels/adagrad-step/webgl.js';
import { adamStepCpu } from './kernels/adam-step/cpu.js';
import { adamStepWasm } from './kernels/adam-step/wasm.js';
import { adamStepWebgl } from './kernels/adam-step/webgl.js';
import { rmspropStepCpu } from './kernels/rmsprop-step/cpu.js';
import { rmspropStepWebgl } from './kernels/rmsprop-step/webgl.js';
import { sgdStepCpu } from './kernels/sgd-step/cpu.js';
import { sgdStepWasm } from './kernels/sgd-step/wasm.js';
import { sgdStepWebgl } from './kernels/sgd-step/webgl.js';
import { originalKey, originals } from './internal/originals.js';

export type TrainingKernelBackend = 'cpu' | 'wasm' | 'webgl';

const configs: Record<TrainingKernelBackend, readonly KernelConfig[]> = {
  cpu: [
    conv2dBackpropFilterCpu,
    conv2dBackpropInputCpu,
    depthwiseConv2dBackpropFilterCpu,
    depthwiseConv2dBackpropInputCpu,
    maxPoolGradCpu,
    avgPoolGradCpu,
    conv2dCpu,
    sumCpu,
    meanCpu,
    batchNormTrainCpu,
    batchNormTrainGradCpu,
    adamStepCpu,
    sgdStepCpu,
    rmspropStepCpu,
    adagradStepCpu,
  ],
  wasm: [
    conv2dBackpropFilterWasm,
    conv2dBackpropInputWasm,
    depthwiseConv2dBackpropFilterWasm,
    depthwiseConv2dBackpropInputWasm,
    maxPoolGradWasm,
    avgPoolGradWasm,
    sumWasm,
    meanWasm,
    batchMatMulWasm,
    batchNormTrainWasm,
    batchNormTrainGradWasm,
    gatherV2Wasm,
    identityWasm,
    // SGD's and Adam's steps run native SIMD loops on wasm, 1.5-3.5x faster than the composed
    // XNNPACK ops (bench/optim). RMSprop's and Adagrad's are JavaScript loops there, slower than
    // the composed ops: not registered (opt in with tf.registerKernel(rmspropStepWasm)).
    adamStepWasm,
    sgdStepWasm,
  ],
  // The fused optimizer steps as WebGL programs (one per output), registered by @dl/optim on first
  // use under webgl. Without the webgl backend loaded they are never called.
  webgl: [adamStepWebgl, sgdStepWebgl, rmspropStepWebgl, adagradStepWebgl],
};

function checkBackend(backend: unknown, where: string): TrainingKernelBackend {
  if (backend !== 'cpu' && backend !== 'wasm' && backend !== 'webgl') {
    throw new RangeError(`${where}: backend must be 'cpu', 'wasm' or 'webgl', got ${JSON.stringify(backend)}`);
  }
  return backend;
}

/** The kernel configs this package provides for `backend`. */
export function trainingKernelConfigs(backend: TrainingKernelBackend): KernelConfig[] {
  return configs[checkBackend(backend, 'trainingKernelConfigs')].slice();
}

/** The names of the kernels registerTrainingKernels(backend) registers. */
export function trainingKernelNames(backend: TrainingKernelBackend): string[] {
  return configs[checkBackend(backend, 'trainingKernelNames')].map((c) => c.kernelName);
}

/**
 * Registers the training kernels for `backend`, replacing the stock ones (kept for
 * unregisterTrainingKernels and for NCHW, which ours leave to them). Call it after
 * the backend's package was imported: importing it later re-registers its own
 * kernels over ours. Idempotent; returns the names now registered.
 */
export function registerTrainingKernels(backend: TrainingKernelBackend): string[] {
  registerBatchNormGradient();
  for (const config of configs[checkBackend(backend, 'registerTrainingKernels')]) {
    const current = getKernel(config.kernelName, backend);
    if (current === config) continue;
    if (current != null) {
      originals.set(originalKey(config.kernelName, backend), current);
      unregisterKernel(config.kernelName, backend);
    }
    registerKernel(config);
  }
  return trainingKernelNames(backend);
}

/** Puts the stock kernels back (and removes ours where there was none). Returns the names touched. */
export function unregisterTrainingKernels(backend: TrainingKernelBackend): string[] {
  const touched: string[] = [];
  for (const config of configs[checkBackend(backend, 'unregisterTrainingKernels')]) {
    if (getKernel(config.kernelName, backend) !== config) continue;
    unregisterKernel(config.kernelName, backend);
    const original = originals.get(originalKey(config.kernelName, backend));
    if (original != null) registerKernel(original);
    touched.push(config.kernelName);
  }
  return touched;
}

/** Whether this package's kernel is the one registered for `kernelName` on `backend`. */
export function isTrainingKernelRegistered(kernelName: string, backend: TrainingKernelBackend): boolean {
  return configs[checkBackend(backend, 'isTrainingKernelRegistered')].some((c) => c.kernelName === kernelName && getKernel(kernelName, backend) === c);
}
