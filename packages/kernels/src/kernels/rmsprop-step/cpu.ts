import { multiOutputConfig } from '../../internal/kernel-types.js';
import { DlRmspropStep } from '../../optimizer-step-names.js';
import { rmspropStep } from './impl.js';

/** DlRmspropStep for cpu. */
export const rmspropStepCpu = /* @__PURE__ */ multiOutputConfig(DlRmspropStep, 'cpu', rmspropStep);
