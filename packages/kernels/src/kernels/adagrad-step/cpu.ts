import { multiOutputConfig } from '../../internal/kernel-types.js';
import { DlAdagradStep } from '../../optimizer-step-names.js';
import { adagradStep } from './impl.js';

/** DlAdagradStep for cpu. */
export const adagradStepCpu = multiOutputConfig(DlAdagradStep, 'cpu', adagradStep);
