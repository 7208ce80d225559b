import { multiOutputConfig } from '../../internal/kernel-types.js';
import { DlAdamStep } from '../../optimizer-step-names.js';
import { adamStep } from './impl.js';

/** DlAdamStep for wasm. */
export const adamStepWasm = /* @__PURE__ */ multiOutputConfig(DlAdamStep, 'wasm', adamStep);
