import type { TensorInfo } from '@tensorflow/tfjs-core';
import { fusedStep } from '../../internal/fused-step.js';
import type { KernelArgs } from '../../internal/kernel-types.js';
import { adagradStepLoop, type AdagradStepAttrs } from '../../internal/optimizer-loops.js';

type Inputs = Record<string, TensorInfo | undefined>;

/** Adagrad (inputs grad, sum, param?); lr decay is folded into `lr` by the caller. Outputs: [update, sum]. A typed-array loop. */
export function adagradStep(args: KernelArgs): TensorInfo[] {
  const a = args.attrs as unknown as AdagradStepAttrs;
  const { grad, sum, param } = args.inputs as Inputs;
  return fusedStep(args.backend, grad!.shape, [grad, sum, a.weightDecay !== 0 ? param : undefined], 2, (i, o) =>
    adagradStepLoop(a, i[0]!, i[1]!, i[2] ?? null, o[0]!, o[1]!),
  );
}
