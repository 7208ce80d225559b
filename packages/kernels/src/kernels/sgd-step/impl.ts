import type { TensorInfo } from '@tensorflow/tfjs-core';
import { checkStepInputs, fusedStep } from '../../internal/fused-step.js';
import type { KernelArgs } from '../../internal/kernel-types.js';
import { heapOffset, nativeKernel, nativeKernels } from '../../internal/native.js';
import { sgdStepLoop, type SgdStepAttrs } from '../../internal/optimizer-loops.js';

type Inputs = Record<string, TensorInfo | undefined>;

const sizeOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** SGD with momentum, dampening, Nesterov (inputs grad, buf?, param?). Outputs: [update, buf?] (buf when momentum > 0). Native SIMD on the wasm heap where it runs, else a typed-array loop. */
export function sgdStep(args: KernelArgs): TensorInfo[] {
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
