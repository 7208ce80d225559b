import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { type WebglStepArgs, common, prep, runPrograms } from '../../internal/webgl-program.js';
import { DlRmspropStep } from '../../optimizer-step-names.js';

function rmspropWebgl({ inputs, backend, attrs: a }: WebglStepArgs): TensorInfo[] {
  const wd = (a.weightDecay as number) !== 0;
  const hasBuf = (a.momentum as number) > 0;
  const readBuf = hasBuf && a.first !== true;
  const names = ['grad', 'squareAvg', ...(a.centered ? ['gradAvg'] : []), ...(readBuf ? ['buf'] : []), ...(wd ? ['param'] : [])];
  const al = a.alpha as number;
  const uniforms = { ...common(a), dlAl: al, dlOmAl: 1 - al, dlEps: a.eps as number, dlMom: a.momentum as number };
  const body = `${prep(wd)}
  float sq = getSquareAvgAtOutCoords() * dlAl + (g * g) * dlOmAl;
  float ga = ${a.centered ? 'getGradAvgAtOutCoords() * dlAl + g * dlOmAl' : '0.0'};
  float v = ${a.centered ? 'sq - ga * ga' : 'sq'};
  float r = g / (sqrt(v) + dlEps);
  float b = ${readBuf ? 'getBufAtOutCoords() * dlMom + r' : 'r'};
  float u = ${hasBuf ? 'b' : 'r'} * dlNegLr;`;
  return runPrograms({ inputs, backend, attrs: a }, names, uniforms, body, ['u', 'sq', ...(a.centered ? ['ga'] : []), ...(hasBuf ? ['b'] : [])]);
}

/** DlRmspropStep for webgl: one program per output. */
export const rmspropStepWebgl: KernelConfig = { kernelName: DlRmspropStep, backendName: 'webgl', kernelFunc: rmspropWebgl as unknown as KernelFunc };
