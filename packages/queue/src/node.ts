export { queueExecutor } from './queue-executor.js';
export type { QueueExecutorOptions, StudyProgress } from './queue-executor.js';
export { runWorker } from './run-worker.js';
export type { RunWorkerOptions, WorkerHandle } from './run-worker.js';
export { resultsTable } from './results-table.js';
export type { ResultsTable } from './results-table.js';
export { resultsPlot } from './results-plot.js';
export type { CheckpointPlace } from './internal/checkpoints.js';
export { VERSION } from './internal/version.js';
