import { multiOutputConfig } from '../../internal/kernel-types.js';
import { DlSgdStep } from '../../optimizer-step-names.js';
import { sgdStep } from './impl.js';

/** DlSgdStep for wasm. */
export const sgdStepWasm = /* @__PURE__ */ multiOutputConfig(DlSgdStep, 'wasm', sgdStep);
