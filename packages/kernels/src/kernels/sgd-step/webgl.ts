import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { type WebglStepArgs, common, prep, runPrograms } from '../../internal/webgl-program.js';
import { DlSgdStep } from '../../optimizer-step-names.js';

function sgdWebgl({ inputs, backend, attrs: a }: WebglStepArgs): TensorInfo[] {
  const wd = (a.weightDecay as number) !== 0;
  const hasBuf = (a.momentum as number) > 0;
  const readBuf = hasBuf && a.first !== true;
  const names = ['grad', ...(readBuf ? ['buf'] : []), ...(wd ? ['param'] : [])];
  const uniforms = { ...common(a), dlMom: a.momentum as number, dlDamp1: 1 - (a.dampening as number) };
  const body = `${prep(wd)}
  float b = ${hasBuf ? (readBuf ? 'getBufAtOutCoords() * dlMom + g * dlDamp1' : 'g') : '0.0'};
  float u = (${hasBuf ? (a.nesterov ? 'g + b * dlMom' : 'b') : 'g'}) * dlNegLr;`;
  return runPrograms({ inputs, backend, attrs: a }, names, uniforms, body, hasBuf ? ['u', 'b'] : ['u']);
}

/** DlSgdStep for webgl: one program per output. */
export const sgdStepWebgl: KernelConfig = { kernelName: DlSgdStep, backendName: 'webgl', kernelFunc: sgdWebgl as unknown as KernelFunc };
