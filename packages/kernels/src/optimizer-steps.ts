import type { TensorInfo } from '@tensorflow/tfjs-core';
import { checkStepInputs, fusedStep } from './internal/fused-step.js';
import { heapOffset, nativeKernel, nativeKernels } from './internal/native.js';
import { multiOutputConfig, type KernelArgs } from './internal/kernel-types.js';
import { adagradStepLoop, adamStepLoop, rmspropStepLoop, sgdStepLoop } from './internal/optimizer-loops.js';
import type { AdagradStepAttrs, AdamStepAttrs, RmspropStepAttrs, SgdStepAttrs } from './internal/optimizer-loops.js';

export type { AdagradStepAttrs, AdamStepAttrs, RmspropStepAttrs, SgdStepAttrs };

/** Kernel names of the fused optimizer steps (called by @dl/optim through `tf.engine().runKernel`). */
export const DlAdamStep = 'DlAdamStep';
export const DlSgdStep = 'DlSgdStep';
export const DlRmspropStep = 'DlRmspropStep';
export const DlAdagradStep = 'DlAdagradStep';

type Inputs = Record<string, TensorInfo | undefined>;

const sizeOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

// Outputs: [update, m, v, vMax?]; update is `-lr * ...`, to be added to the parameter.
function adam(args: KernelArgs): TensorInfo[] {
  const a = args.attrs as unknown as AdamStepAttrs;
  const { grad, m, v, vMax, param } = args.inputs as Inputs;
  const native = nativeKernels(args.backend);
  if (native !== undefined) {
    const ins = [grad, m, v, a.amsgrad ? vMax : undefined, a.weightDecay !== 0 ? param : undefined];
    checkStepInputs(grad!.shape, ins);
    const [g, m0, v0, vMax0, p] = ins.map((t) => heapOffset(args.backend, t)) as [number, number, number, number, number];
    const shape = grad!.shape;
    return nativeKernel(args.backend, Array.from({ length: a.amsgrad ? 4 : 3 }, () => shape), 0, ([u, m1, v1, vMax1]) =>
      native.adam_step(sizeOf(shape), a.lr, a.beta1, a.beta2, a.eps, a.biasCorrection1, a.biasCorrection2Sqrt, a.weightDecay, +a.decoupled, +a.maximize, g, m0, v0, vMax0, p, u!, m1!, v1!, vMax1 ?? 0),
    );
  }
  return fusedStep(args.backend, grad!.shape, [grad, m, v, a.amsgrad ? vMax : undefined, a.weightDecay !== 0 ? param : undefined], a.amsgrad ? 4 : 3, (i, o) =>
    adamStepLoop(a, i[0]!, i[1]!, i[2]!, i[3] ?? null, i[4] ?? null, o[0]!, o[1]!, o[2]!, o[3] ?? null),
  );
}

// Outputs: [update, buf?] (buf when momentum > 0).
function sgd(args: KernelArgs): TensorInfo[] {
  const a = args.attrs as unknown as SgdStepAttrs;
  const { grad, buf, param } = args.inputs as Inputs;
  const hasBuf = a.momentum > 0;
  const native = nativeKernels(args.backend);
  if (native !== undefined) {
    const ins = [grad, hasBuf && !a.first ? buf : undefined, a.weightDecay !== 0 ? param : undefined];
    checkStepInputs(grad!.shape, ins);
    const [g, buf0, p] = ins.map((t) => heapOffset(args.backend, t)) as [number, number, number];
    const shape = grad!.shape;
    return nativeKernel(args.backend, Array.from({ length: hasBuf ? 2 : 1 }, () => shape), 0, ([u, buf1]) =>
      native.sgd_step(sizeOf(shape), a.lr, a.momentum, a.dampening, +a.nesterov, a.weightDecay, +a.maximize, +a.first, g, buf0, p, u!, buf1 ?? 0),
    );
  }
  return fusedStep(args.backend, grad!.shape, [grad, hasBuf && !a.first ? buf : undefined, a.weightDecay !== 0 ? param : undefined], hasBuf ? 2 : 1, (i, o) =>
    sgdStepLoop(a, i[0]!, i[1] ?? null, i[2] ?? null, o[0]!, o[1] ?? null),
  );
}

// Outputs: [update, squareAvg, gradAvg? (centered), buf? (momentum > 0)].
function rmsprop(args: KernelArgs): TensorInfo[] {
  const a = args.attrs as unknown as RmspropStepAttrs;
  const { grad, squareAvg, gradAvg, buf, param } = args.inputs as Inputs;
  const hasBuf = a.momentum > 0;
  const ins = [grad, squareAvg, a.centered ? gradAvg : undefined, hasBuf && !a.first ? buf : undefined, a.weightDecay !== 0 ? param : undefined];
  return fusedStep(args.backend, grad!.shape, ins, 2 + (a.centered ? 1 : 0) + (hasBuf ? 1 : 0), (i, o) => {
    const gAvg1 = a.centered ? o[2]! : null;
    const buf1 = hasBuf ? o[a.centered ? 3 : 2]! : null;
    rmspropStepLoop(a, i[0]!, i[1]!, i[2] ?? null, i[3] ?? null, i[4] ?? null, o[0]!, o[1]!, gAvg1, buf1);
  });
}

// Outputs: [update, sum].
function adagrad(args: KernelArgs): TensorInfo[] {
  const a = args.attrs as unknown as AdagradStepAttrs;
  const { grad, sum, param } = args.inputs as Inputs;
  return fusedStep(args.backend, grad!.shape, [grad, sum, a.weightDecay !== 0 ? param : undefined], 2, (i, o) =>
    adagradStepLoop(a, i[0]!, i[1]!, i[2] ?? null, o[0]!, o[1]!),
  );
}

/** One kernel per Adam/AdamW step and variable (inputs grad, m, v, vMax?, param?). */
export const adamStepCpu = multiOutputConfig(DlAdamStep, 'cpu', adam);
export const adamStepWasm = multiOutputConfig(DlAdamStep, 'wasm', adam);
/** SGD with momentum, dampening, Nesterov (inputs grad, buf?, param?). */
export const sgdStepCpu = multiOutputConfig(DlSgdStep, 'cpu', sgd);
export const sgdStepWasm = multiOutputConfig(DlSgdStep, 'wasm', sgd);
/** RMSprop, centred and with momentum (inputs grad, squareAvg, gradAvg?, buf?, param?). */
export const rmspropStepCpu = multiOutputConfig(DlRmspropStep, 'cpu', rmsprop);
export const rmspropStepWasm = multiOutputConfig(DlRmspropStep, 'wasm', rmsprop);
/** Adagrad (inputs grad, sum, param?); lr decay is folded into `lr` by the caller. */
export const adagradStepCpu = multiOutputConfig(DlAdagradStep, 'cpu', adagrad);
export const adagradStepWasm = multiOutputConfig(DlAdagradStep, 'wasm', adagrad);

/** The fused optimizer step kernel names. */
export const optimizerStepKernelNames: readonly string[] = [DlAdamStep, DlSgdStep, DlRmspropStep, DlAdagradStep];
