import { checkInt, checkObject, checkOneOf, show } from './internal/check.js';
import { memoryStore } from './checkpoint-store.js';
import type { CheckpointStore } from './checkpoint-store.js';
import type { Callback, EpochLog, TrainContext } from './types.js';

export interface CheckpointOptions {
  /** Save `epoch-NNNN` every this many epochs (and `last` with it). Default 1. */
  every?: number;
  /** Also keep `best`: the epoch with the best `monitor`. Default false. */
  best?: boolean;
  /** Keep only the newest k `epoch-NNNN` snapshots. Default: all (the snapshots ensembles use). */
  keepLast?: number;
  monitor?: string;
  mode?: 'min' | 'max' | 'auto';
  /** Default: in memory. In Node, `checkpoint` from `@dl/train/node` takes `dir` instead. */
  store?: CheckpointStore;
}

export interface CheckpointCallback extends Callback {
  readonly store: CheckpointStore;
  /** Names of the `epoch-NNNN` snapshots kept, oldest first. */
  readonly saved: readonly string[];
  readonly bestEpoch: number;
  /** Where each name was saved (file paths with a file store). */
  readonly locations: ReadonlyMap<string, string>;
}

/**
 * Saves the whole training state (weights and buffers, optimizer, RNG, epoch, history, callback
 * states) at the end of epochs: `epoch-NNNN` every `every` epochs, `last` alongside, `best` on
 * improvement. Any of them resumes `fit` exactly. A NaN epoch is never saved, so the last good
 * checkpoint survives a divergence. Runs after the other callbacks of the epoch.
 */
export function checkpoint(options: CheckpointOptions = {}): CheckpointCallback {
  const fn = 'checkpoint';
  checkObject(fn, 'options', options);
  const every = checkInt(fn, 'every', options.every, 1, 1);
  const keepLast = options.keepLast === undefined ? Infinity : checkInt(fn, 'keepLast', options.keepLast, 1);
  const monitor = options.monitor ?? 'valLoss';
  const modeOpt = checkOneOf(fn, 'mode', options.mode, ['min', 'max', 'auto'] as const, 'auto');
  const mode = modeOpt === 'auto' ? (/acc|topk/i.test(monitor) ? 'max' : 'min') : modeOpt;
  const store = options.store ?? memoryStore();
  if (typeof store?.save !== 'function') throw new TypeError(`${fn}: store must be a CheckpointStore, got ${show(store)}`);
  const saved: string[] = [];
  const locations = new Map<string, string>();
  let best: number | undefined;
  let bestEpoch = 0;
  return {
    name: 'checkpoint',
    priority: 100,
    store,
    saved,
    locations,
    get bestEpoch() {
      return bestEpoch;
    },
    async onEpochEnd(ctx: TrainContext, log: EpochLog) {
      const value = (log as unknown as Record<string, unknown>)[monitor];
      const isBest = options.best === true && typeof value === 'number' && Number.isFinite(value) && (best === undefined || (mode === 'min' ? value < best : value > best));
      const periodic = log.epoch % every === 0 || log.epoch === ctx.epochs || ctx.stopped !== undefined;
      if (!isBest && !periodic) return;
      if (isBest) {
        best = value as number;
        bestEpoch = log.epoch;
      }
      const bytes = await ctx.snapshot();
      if (isBest) locations.set('best', await store.save('best', bytes));
      if (periodic) {
        const name = `epoch-${String(log.epoch).padStart(4, '0')}`;
        locations.set(name, await store.save(name, bytes));
        locations.set('last', await store.save('last', bytes));
        saved.push(name);
        while (saved.length > keepLast) {
          const old = saved.shift()!;
          await store.remove(old);
          locations.delete(old);
        }
      }
    },
    state() {
      return { best: best ?? null, bestEpoch, saved: [...saved] };
    },
    loadState(s: unknown) {
      const st = s as { best: number | null; bestEpoch: number; saved: string[] };
      best = st.best ?? undefined;
      bestEpoch = st.bestEpoch;
      saved.splice(0, saved.length, ...st.saved);
    },
  } as CheckpointCallback;
}
