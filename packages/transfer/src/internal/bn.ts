import { BatchNorm } from '@dl/layers';
import type { Module } from '@dl/layers';

/** A batch norm whose policy `freeze` sets: @dl/layers' BatchNorm, or the adapter's wrapper of a TF.js BatchNormalization. */
export interface BnLike {
  forceEval: boolean;
  /** Whether it keeps running statistics (needed by policy 'eval'). */
  readonly hasRunningStats: boolean;
  /** Its affine parameter names relative to the module (gamma, beta). */
  readonly affineNames: readonly string[];
}

export function asBn(m: Module): BnLike | undefined {
  if (m instanceof BatchNorm) {
    return {
      get forceEval() {
        return m.forceEval;
      },
      set forceEval(v: boolean) {
        m.forceEval = v;
      },
      hasRunningStats: m.runningMean !== undefined,
      affineNames: Object.keys(m.parameters()),
    };
  }
  const a = m as Module & Partial<BnLike> & { transferBatchNorm?: boolean };
  if (a.transferBatchNorm === true) return a as unknown as BnLike;
  return undefined;
}
