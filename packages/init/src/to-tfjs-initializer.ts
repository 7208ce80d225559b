import { tf, toRng } from '@dl/core';
import type { Rng } from '@dl/core';
import { constant, ones, zeros } from './constant.js';
import { checkOptions, show } from './internal/checks.js';
import { kaimingNormal, kaimingUniform } from './kaiming.js';
import { lecunNormal, lecunUniform } from './lecun.js';
import { normal } from './normal.js';
import { orthogonal } from './orthogonal.js';
import { truncatedNormal } from './truncated-normal.js';
import { uniform } from './uniform.js';
import { xavierNormal, xavierUniform } from './xavier.js';

type AnyInit = (shape: number[], options?: any) => tf.Tensor; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The initialisers `toTfjsInitializer` knows by name (what a saved model's config refers to). */
const BY_NAME: Record<string, AnyInit> = {
  zeros,
  ones,
  constant,
  normal,
  uniform,
  truncatedNormal,
  xavierUniform,
  xavierNormal,
  kaimingUniform,
  kaimingNormal,
  lecunUniform,
  lecunNormal,
  orthogonal,
};

export type InitializerName = keyof typeof BY_NAME;

/** What tfjs-layers asks of an initializer (`tf.initializers.Initializer`). */
export interface TfjsInitializer {
  apply(shape: number[], dtype?: tf.DataType): tf.Tensor;
  getConfig(): tf.serialization.ConfigDict;
  getClassName(): string;
  fromConfigUsesCustomObjects(): boolean;
}

interface Config {
  init: string;
  options: Record<string, unknown>;
}

type Ctor = new (config: Config) => TfjsInitializer;
let DlInitializer: Ctor | undefined;

// tfjs-layers does not export its Initializer base class, and `getInitializer` accepts only its
// instances; the class is found through the serialization map tfjs-layers fills in tfjs-core.
function initializerClass(): Ctor {
  if (DlInitializer) return DlInitializer;
  const zerosEntry = tf.serialization.SerializationMap.getMap().classNameMap['Zeros'];
  if (!zerosEntry) {
    throw new Error("toTfjsInitializer: @tensorflow/tfjs-layers is not loaded; import it (sharing this @tensorflow/tfjs-core) before calling toTfjsInitializer");
  }
  const Base = Object.getPrototypeOf(zerosEntry[0]) as new () => { getConfig(): tf.serialization.ConfigDict };
  class Impl extends Base {
    static className = 'DlInitializer';
    private readonly init: AnyInit;
    private readonly rng: Rng | undefined;
    constructor(private readonly config: Config) {
      super();
      const init = BY_NAME[config.init];
      if (!init) throw new RangeError(`DlInitializer: unknown initializer ${show(config.init)}; expected one of ${Object.keys(BY_NAME).join(', ')}`);
      this.init = init;
      const seed = config.options.seed;
      this.rng = init === zeros || init === ones || init === constant ? undefined : toRng(seed as number | Rng | undefined, `toTfjsInitializer(${config.init})`);
    }
    apply(shape: number[], dtype?: tf.DataType): tf.Tensor {
      const options: Record<string, unknown> = { ...this.config.options };
      if (this.rng) options.seed = this.rng;
      else delete options.seed;
      if (dtype !== undefined) options.dtype = dtype;
      return this.init(shape, options);
    }
    override getConfig(): tf.serialization.ConfigDict {
      // An Rng cannot be serialised; a numeric seed can.
      const { seed, ...rest } = this.config.options;
      const options = (typeof seed === 'number' ? { ...rest, seed } : rest) as tf.serialization.ConfigDict;
      return { init: this.config.init, options };
    }
    static fromConfig(cls: Ctor, config: Config): TfjsInitializer {
      return new cls({ init: config.init, options: { ...config.options } });
    }
  }
  tf.serialization.registerClass(Impl as unknown as tf.serialization.SerializableConstructor<tf.serialization.Serializable>);
  DlInitializer = Impl as unknown as Ctor;
  return DlInitializer;
}

/**
 * Wraps an @dl/init initialiser as a tfjs-layers `Initializer`, for `kernelInitializer` and
 * friends. Options are validated now, by a trial call on a small shape where the initialiser
 * takes any. A numeric `seed` (or an `Rng`) seeds one generator for the initializer's
 * lifetime, so two layers sharing it get different weights, and the same program the same
 * weights. Needs `@tensorflow/tfjs-layers` loaded; @dl/init itself does not depend on it.
 */
export function toTfjsInitializer<O extends object>(init: InitializerName | ((shape: number[], options?: O) => tf.Tensor), options?: O): TfjsInitializer {
  const where = 'toTfjsInitializer';
  checkOptions(options, where);
  const name = typeof init === 'string' ? init : Object.keys(BY_NAME).find((k) => BY_NAME[k] === init);
  if (name === undefined || !(name in BY_NAME)) {
    throw new TypeError(`${where}: init must be an @dl/init initializer or its name (${Object.keys(BY_NAME).join(', ')}), got ${show(init)}`);
  }
  const opts = { ...(options ?? {}) } as Record<string, unknown>;
  // Fail on bad options now rather than when the layer builds.
  const trial = opts.seed === undefined || typeof opts.seed === 'number' ? opts : { ...opts, seed: 0 };
  tf.dispose(BY_NAME[name]!([2, 2], trial));
  const Cls = initializerClass();
  return new Cls({ init: name, options: opts });
}
