import type { TensorInfo } from '@tensorflow/tfjs-core';
import { checkStepInputs, fusedStep } from '../../internal/fused-step.js';
import type { KernelArgs } from '../../internal/kernel-types.js';
import { heapOffset, nativeKernel, nativeKernels } from '../../internal/native.js';
import { adamStepLoop, type AdamStepAttrs } from '../../internal/optimizer-loops.js';

type Inputs = Record<string, TensorInfo | undefined>;

const sizeOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** One kernel per Adam/AdamW step and variable (inputs grad, m, v, vMax?, param?). Outputs: [update, m, v, vMax?]; update is `-lr * ...`, to be added to the parameter. Native SIMD on the wasm heap where it runs, else a typed-array loop. */
export function adamStep(args: KernelArgs): TensorInfo[] {
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
