import { multiOutputConfig } from '../../internal/kernel-types.js';
import { DlSgdStep } from '../../optimizer-step-names.js';
import { sgdStep } from './impl.js';

/** DlSgdStep for cpu. */
export const sgdStepCpu = /* @__PURE__ */ multiOutputConfig(DlSgdStep, 'cpu', sgdStep);
