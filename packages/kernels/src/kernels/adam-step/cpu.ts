import { multiOutputConfig } from '../../internal/kernel-types.js';
import { DlAdamStep } from '../../optimizer-step-names.js';
import { adamStep } from './impl.js';

/** DlAdamStep for cpu. */
export const adamStepCpu = /* @__PURE__ */ multiOutputConfig(DlAdamStep, 'cpu', adamStep);
