export { main } from './main.js';
export { parseTrainArgs, USAGE } from './args.js';
export type { TrainArgs } from './args.js';
