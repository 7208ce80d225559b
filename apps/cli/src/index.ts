export { main } from './main.js';
export { parseTrainArgs, USAGE } from './args.js';
export type { TrainArgs } from './args.js';
export { trainSoftmaxRegression } from './softmax-regression.js';
export type { EpochLog, LabelledImages, Progress, SoftmaxRegressionOptions, SoftmaxRegressionResult } from './softmax-regression.js';
