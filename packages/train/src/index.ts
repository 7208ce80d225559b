// Browser-safe entry: no fs / path; checkpoints in memory. File checkpoints, the terminal progress
// bar and learning-curve files are in ./node.
export { fit } from './fit.js';
export type { FitOptions, FitResult } from './fit.js';
export { evaluate } from './evaluate.js';
export type { EvaluateOptions, EvaluateResult } from './evaluate.js';
export type { BatchLog, Callback, EpochLog, ForwardFn, History, LossFn, Model, ModuleLike, StopReason, TrainContext } from './types.js';
export { toDataset } from './dataset.js';
export type { DataLike, Dataset } from './dataset.js';
export { split, shuffle } from './split.js';
export type { SplitOptions, SplitResult } from './split.js';
export { batches, batchCount } from './batches.js';
export type { BatchesOptions } from './batches.js';
export { classWeights } from './class-weights.js';
export { earlyStopping } from './early-stopping.js';
export type { EarlyStopping, EarlyStoppingOptions, EarlyStoppingState } from './early-stopping.js';
export { checkpoint } from './checkpoint.js';
export type { CheckpointCallback, CheckpointOptions } from './checkpoint.js';
export { memoryStore } from './checkpoint-store.js';
export type { CheckpointStore } from './checkpoint-store.js';
export { encodeTrainingState, decodeTrainingState } from './training-state.js';
export type { TrainingState, TrainingStateMetadata } from './training-state.js';
export { learningCurves, curvesCsv, CURVE_COLUMNS } from './learning-curves.js';
export type { LearningCurves, LearningCurvesOptions } from './learning-curves.js';
export { curvesSvg } from './curves-svg.js';
export { progress } from './progress.js';
export type { ProgressInfo, ProgressOptions } from './progress.js';
export { reduceLrOnPlateau } from './reduce-lr-on-plateau.js';
export type { ReduceLrOnPlateauOptions } from './reduce-lr-on-plateau.js';
export { lrSchedule } from './lr-schedule.js';
export { stopOnNaN } from './stop-on-nan.js';
export { checkInitialLoss } from './check-initial-loss.js';
export type { InitialLossCheck } from './check-initial-loss.js';
export { overfitTinySubset } from './overfit-tiny-subset.js';
export type { OverfitOptions, OverfitResult } from './overfit-tiny-subset.js';
export { diagnoseCurves } from './diagnose-curves.js';
export type { CurveDiagnosis, DiagnoseOptions, Diagnosis } from './diagnose-curves.js';
export { lrRangeTest } from './lr-range-test.js';
export type { LrRangeTestOptions, LrRangeTestResult } from './lr-range-test.js';
export { inProcess, runTrialTask, search } from './search.js';
export type {
  AshaOptions, RungStore, SearchDimension, SearchOptions, SearchResult, StudyRun, StudySpec, TrialCheckpoint, TrialExecutor, TrialFn, TrialInfo, TrialOutcome,
  TrialRecord, TrialResult, TrialTask,
} from './search.js';
export { batchSizeSweep } from './batch-size-sweep.js';
export type { BatchSizeSweepRow } from './batch-size-sweep.js';
