import { parseArgs } from 'node:util';
import { BACKEND_NAMES } from '@dl/core';
import type { BackendName } from '@dl/core';

export interface TrainArgs {
  dataset: 'fashion-mnist' | 'mnist';
  backend: BackendName | 'auto';
  epochs: number;
  batchSize: number;
  lr: number;
  momentum: number;
  validation: number;
  limit: number | undefined;
  seed: number;
  dataDir: string | undefined;
  progress: boolean;
  help: boolean;
}

export const USAGE = `Usage: dl-train [options]

Trains a softmax-regression baseline (one dense layer, cross-entropy, SGD with
momentum) and prints the test accuracy.

Options:
  --dataset <name>     fashion-mnist (default) or mnist
  --backend <name>     auto (default: the fastest embedded backend), ${BACKEND_NAMES.join(', ')}
  --epochs <n>         passes over the training set (default 5)
  --batch-size <n>     mini-batch size (default 128)
  --lr <x>             learning rate (default 0.01)
  --momentum <x>       SGD momentum in [0, 1) (default 0.9)
  --validation <x>     fraction of the training set held out for validation (default 0.1)
  --limit <n>          use only the first n training images
  --seed <n>           seed for the split and the shuffling (default 0)
  --data-dir <path>    where the Fashion-MNIST IDX files are (default: the Debian package's)
  --no-progress        print one line per epoch instead of a progress bar
  -h, --help           show this help
`;

function int(name: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < min) throw new RangeError(`dl-train: --${name} must be an integer >= ${min}, got '${raw}'`);
  return v;
}

function real(name: string, raw: string | undefined, fallback: number, ok: (v: number) => boolean, range: string): number {
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v) || !ok(v)) throw new RangeError(`dl-train: --${name} must be ${range}, got '${raw}'`);
  return v;
}

/** Parses and validates dl-train's command line; errors name the option. */
export function parseTrainArgs(argv: string[]): TrainArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowNegative: true,
      options: {
        dataset: { type: 'string' },
        backend: { type: 'string' },
        epochs: { type: 'string' },
        'batch-size': { type: 'string' },
        lr: { type: 'string' },
        momentum: { type: 'string' },
        validation: { type: 'string' },
        limit: { type: 'string' },
        seed: { type: 'string' },
        'data-dir': { type: 'string' },
        progress: { type: 'boolean', default: true },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    throw new TypeError(`dl-train: ${(error as Error).message}`);
  }
  const dataset = values.dataset ?? 'fashion-mnist';
  if (dataset !== 'fashion-mnist' && dataset !== 'mnist') throw new RangeError(`dl-train: --dataset must be fashion-mnist or mnist, got '${dataset}'`);
  const backend = values.backend ?? 'auto';
  if (backend !== 'auto' && !BACKEND_NAMES.includes(backend as BackendName)) {
    throw new RangeError(`dl-train: --backend must be one of auto, ${BACKEND_NAMES.join(', ')}, got '${backend}'`);
  }
  return {
    dataset,
    backend: backend as BackendName | 'auto',
    epochs: int('epochs', values.epochs, 5, 1),
    batchSize: int('batch-size', values['batch-size'], 128, 1),
    lr: real('lr', values.lr, 0.01, (v) => v > 0, 'a positive number'),
    momentum: real('momentum', values.momentum, 0.9, (v) => v >= 0 && v < 1, 'in [0, 1)'),
    validation: real('validation', values.validation, 0.1, (v) => v >= 0 && v < 1, 'in [0, 1)'),
    limit: values.limit === undefined ? undefined : int('limit', values.limit, 0, 1),
    seed: int('seed', values.seed, 0, 0),
    dataDir: values['data-dir'],
    progress: values.progress,
    help: values.help,
  };
}
