import { multiOutputConfig } from '../../internal/kernel-types.js';
import { DlAdagradStep } from '../../optimizer-step-names.js';
import { adagradStep } from './impl.js';

/** DlAdagradStep for cpu. */
export const adagradStepCpu = /* @__PURE__ */ multiOutputConfig(DlAdagradStep, 'cpu', adagradStep);
