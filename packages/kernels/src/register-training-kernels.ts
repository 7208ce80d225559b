import { getKernel, registerKernel, unregisterKernel } from '@tensorflow/tfjs-core';
import type { KernelConfig } from '@tensorflow/tfjs-core';
import { avgPoolGradCpu, avgPoolGradWasm } from './avg-pool-grad.js';
import { conv2dCpu } from './conv2d.js';
import { sumCpu, sumWasm } from './sum.js';
import { meanCpu, meanWasm } from './mean.js';
import { batchMatMulWasm } from './batch-mat-mul.js';
import { gatherV2Wasm } from './gather-v2.js';
import { batchNormTrainCpu, batchNormTrainGradCpu, batchNormTrainGradWasm, batchNormTrainWasm, registerBatchNormGradient } from './batch-norm-train.js';
import { conv2dBackpropFilterCpu, conv2dBackpropFilterWasm } from './conv2d-backprop-filter.js';
import { conv2dBackpropInputCpu, conv2dBackpropInputWasm } from './conv2d-backprop-input.js';
import { depthwiseConv2dBackpropFilterCpu, depthwiseConv2dBackpropFilterWasm } from './depthwise-conv2d-backprop-filter.js';
import { depthwiseConv2dBackpropInputCpu, depthwiseConv2dBackpropInputWasm } from './depthwise-conv2d-backprop-input.js';
import { maxPoolGradCpu, maxPoolGradWasm } from './max-pool-grad.js';
import { originalKey, originals } from './internal/originals.js';
import { adagradStepCpu, adamStepCpu, adamStepWasm, rmspropStepCpu, sgdStepCpu, sgdStepWasm } from './optimizer-steps.js';

export type TrainingKernelBackend = 'cpu' | 'wasm';

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
    // SGD's and Adam's steps run native SIMD loops on wasm, 1.5-3.5x faster than the composed
    // XNNPACK ops (bench/optim). RMSprop's and Adagrad's are JavaScript loops there, slower than
    // the composed ops: not registered (opt in with tf.registerKernel(rmspropStepWasm)).
    adamStepWasm,
    sgdStepWasm,
  ],
};

function checkBackend(backend: unknown, where: string): TrainingKernelBackend {
  if (backend !== 'cpu' && backend !== 'wasm') {
    throw new RangeError(`${where}: backend must be 'cpu' or 'wasm', got ${JSON.stringify(backend)}`);
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
