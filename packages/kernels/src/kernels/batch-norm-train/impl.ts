import { registerGradient, getGradient, engine } from '@tensorflow/tfjs-core';
import type { NamedAttrMap, Tensor, TensorInfo } from '@tensorflow/tfjs-core';
import { batchNormTrainGradLoop, batchNormTrainLoop } from '../../internal/batch-norm-loops.js';
import type { KernelArgs } from '../../internal/kernel-types.js';
import { loopKernel } from '../../internal/loop-kernel.js';
import { heapOffset, nativeKernel, nativeKernels } from '../../internal/native.js';

/**
 * Kernel names of batch norm in training mode, called by @dl/layers through
 * `tf.engine().runKernel` where registered (cpu, wasm), composed from stock ops elsewhere.
 *
 * DlBatchNormTrain: inputs `x` [..., C], `gamma` [C], `beta` [C]; attrs `eps`; outputs
 * `[y, mean, variance (biased), invStd]`. DlBatchNormTrainGrad: inputs `dy`, `x`, `mean`,
 * `invStd`, `gamma`; outputs `[dx, dGamma, dBeta]`.
 */
export const DlBatchNormTrain = 'DlBatchNormTrain';
export const DlBatchNormTrainGrad = 'DlBatchNormTrainGrad';

export interface BatchNormTrainAttrs {
  eps: number;
}

type Inputs = Record<string, TensorInfo | undefined>;

const sizeOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

function checkFloat(name: string, ...ts: (TensorInfo | undefined)[]): void {
  for (const t of ts) if (t !== undefined && t.dtype !== 'float32') throw new TypeError(`@dl/kernels: ${name} takes float32 tensors, got ${t.dtype}`);
}

/** DlBatchNormTrain: native SIMD on the wasm heap where it runs, else typed-array loops. */
export function batchNormTrainForward(args: KernelArgs): TensorInfo[] {
  const { x, gamma, beta } = args.inputs as Inputs;
  const { eps } = args.attrs as unknown as BatchNormTrainAttrs;
  checkFloat(DlBatchNormTrain, x, gamma, beta);
  const c = x!.shape[x!.shape.length - 1]!;
  const native = nativeKernels(args.backend);
  if (native !== undefined) {
    const at = (t: TensorInfo | undefined) => heapOffset(args.backend, t);
    const rows = c === 0 ? 0 : sizeOf(x!.shape) / c;
    return nativeKernel(args.backend, [x!.shape, [c], [c], [c]], 8 * c, ([y, m, v, s], scratch) =>
      native.bn_train(at(x), at(gamma), at(beta), rows, c, eps, y!, m!, v!, s!, scratch),
    );
  }
  return loopKernel(args.backend, [x, gamma, beta], [x!.shape, [c], [c], [c]], ([xv, g, b], [y, mean, variance, invStd]) =>
    batchNormTrainLoop(xv!, g ?? null, b ?? null, c, eps, y!, mean!, variance!, invStd!),
  );
}

/** DlBatchNormTrainGrad: native SIMD on the wasm heap where it runs, else typed-array loops. */
export function batchNormTrainBackward(args: KernelArgs): TensorInfo[] {
  const { dy, x, mean, invStd, gamma } = args.inputs as Inputs;
  checkFloat(DlBatchNormTrainGrad, dy, x, mean, invStd, gamma);
  const c = x!.shape[x!.shape.length - 1]!;
  const native = nativeKernels(args.backend);
  if (native !== undefined) {
    const at = (t: TensorInfo | undefined) => heapOffset(args.backend, t);
    const rows = c === 0 ? 0 : sizeOf(x!.shape) / c;
    return nativeKernel(args.backend, [x!.shape, [c], [c]], 10 * c, ([dx, dGamma, dBeta], scratch) =>
      native.bn_train_grad(at(dy), at(x), at(mean), at(invStd), at(gamma), rows, c, dx!, dGamma!, dBeta!, scratch),
    );
  }
  return loopKernel(args.backend, [dy, x, mean, invStd, gamma], [x!.shape, [c], [c]], ([dyv, xv, m, s, g], [dx, dGamma, dBeta]) =>
    batchNormTrainGradLoop(dyv!, xv!, m!, s!, g ?? null, c, dx!, dGamma!, dBeta!),
  );
}

/** Registers DlBatchNormTrain's gradient (once): dy of `y` only; the batch statistics pass none. */
export function registerBatchNormGradient(): void {
  if (getGradient(DlBatchNormTrain) !== undefined) return;
  registerGradient({
    kernelName: DlBatchNormTrain,
    inputsToSave: ['x', 'gamma'],
    outputsToSave: [false, true, false, true],
    gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], _attrs: NamedAttrMap) => {
      const [x, gamma, mean, invStd] = saved as [Tensor, Tensor, Tensor, Tensor];
      const dyY = Array.isArray(dy) ? dy[0]! : dy;
      const [dx, dGamma, dBeta] = engine().runKernel(DlBatchNormTrainGrad, { dy: dyY, x, mean, invStd, gamma }, {}) as Tensor[];
      return { x: () => dx!, gamma: () => dGamma!, beta: () => dBeta! };
    },
  });
}
