import type { TensorInfo } from '@tensorflow/tfjs-core';
import { fusedStep } from '../../internal/fused-step.js';
import type { KernelArgs } from '../../internal/kernel-types.js';
import { rmspropStepLoop, type RmspropStepAttrs } from '../../internal/optimizer-loops.js';

type Inputs = Record<string, TensorInfo | undefined>;

/** RMSprop, centred and with momentum (inputs grad, squareAvg, gradAvg?, buf?, param?). Outputs: [update, squareAvg, gradAvg? (centered), buf? (momentum > 0)]. A typed-array loop. */
export function rmspropStep(args: KernelArgs): TensorInfo[] {
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
