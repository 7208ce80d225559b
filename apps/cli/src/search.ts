import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { serializeCheckpoint, tf, useBackend } from '@dl/core';
import { writeFileAtomic } from '@dl/core/node';
import { FASHION_MNIST_STATS, MNIST_STATS } from '@dl/datasets';
import { loadFashionMnist, loadMnist } from '@dl/datasets/node';
import { Optimizer } from '@dl/optim';
import { fit, search, split, stopOnNaN } from '@dl/train/node';
import type { Callback, Dataset, SearchDimension, SearchResult, TrialExecutor, TrialInfo, TrialOutcome } from '@dl/train/node';
import { queueExecutor, resultsTable } from '@dl/queue/node';
import type { StudyProgress } from '@dl/queue/node';
import { parseTrainArgs } from './args.js';
import type { TrainArgs } from './args.js';
import { buildModel } from './models.js';
import { searchChart } from './plot/search.js';
import { chartSvg } from './plot/svg.js';
import { buildTransform, fitOptionsFrom } from './recipe.js';

/** The name `dl-train worker`s register dl-train's trial under. */
export const DL_TRAIN_TRIAL = 'dl-train';

export const SEARCH_USAGE = `Usage: dl-train search --space <flag=values> [--space ...] [options] [training options]

Hyper-parameter search over dl-train's own flags: every trial is a dl-train run (the training
options below, plus one value of each --space flag), scored on --monitor of the validation split.
In this process by default; with --redis, on a BullMQ queue run by any number of
'dl-train worker --redis URL' processes (on any machines). Writes search.json, search.csv and
search.svg to --out (default reports/dl-train-search).

  --space <flag=values>  a flag of dl-train and its values: a list (lr=0.01,0.1 or optimizer=sgd,adam)
                         or a range min..max, ':log' for log-uniform, ':int' for integers
                         (lr=1e-4..1:log, batch-size=32..256:int); repeat for more flags
  --budget <n>           trials at most, retries included (default 20; grid: the grid's size)
  --strategy <s>         random (default) or grid (lists only)
  --search-seed <n>      seed of the sampling (default 0; --seed stays each run's own seed)
  --asha                 stop bad trials early: ASHA (Ray Tune's ASHAScheduler) on --monitor per epoch
  --asha-grace <n>       ASHA's first rung in epochs (default 1)
  --asha-rf <x>          ASHA's reduction factor (default 3)
  --on-divergence        retry a diverging trial with lr / 3 (seed 004), up to 5 times
  --redis <url>          run the trials on the queue of this Redis (redis://host:port)
  --queue <name>         BullMQ queue name (default dl-trials; the workers' --queue)
  --study <name>         the study's name in Redis (default: from its definition); running the
                         same command again continues the study, finished trials are not rerun
  --checkpoints <where>  trials' epoch checkpoints: redis (default) or a directory every worker reads

The training options are dl-train's (see dl-train --help): --model, --epochs, --optimizer, --lr,
--limit, --validation, --monitor (valLoss by default; valAccuracy is maximised), --backend, ...
`;

const OWN_FLAGS = ['space', 'budget', 'strategy', 'search-seed', 'asha-grace', 'asha-rf', 'redis', 'queue', 'study', 'checkpoints'];
const OWN_SWITCHES = ['asha', 'on-divergence'];
// dl-train flags that make one run something a trial cannot be (several models, files of its own).
const NOT_HERE = ['resume', 'checkpoint-dir', 'checkpoint-every', 'keep-last', 'ensemble-seeds', 'snapshots', 'early-stopping', 'pretrained', 'zoo', 'tta'];

export interface SearchArgs {
  space: Record<string, SearchDimension>;
  budget: number | undefined;
  strategy: 'random' | 'grid';
  searchSeed: number;
  asha: { gracePeriod: number; reductionFactor: number } | undefined;
  onDivergence: boolean;
  redis: string | undefined;
  queue: string | undefined;
  study: string | undefined;
  checkpoints: string | undefined;
  /** The training flags every trial starts from. */
  flags: string[];
  train: TrainArgs;
  help: boolean;
}

const fail = (message: string): never => {
  throw new RangeError(`dl-train search: ${message}`);
};

function parseDimension(raw: string): [string, SearchDimension] {
  const m = /^([a-z][a-z0-9-]*)=(.+)$/.exec(raw);
  if (!m) return fail(`--space must be flag=values (lr=1e-4..1:log, batch-size=64,128), got '${raw}'`);
  const [, flag, spec] = m as unknown as [string, string, string];
  const range = /^([^,]+)\.\.([^,:]+)(?::(log|int|log-int|int-log))?$/.exec(spec);
  if (range) {
    const min = Number(range[1]);
    const max = Number(range[2]);
    const kind = range[3] ?? '';
    if (!Number.isFinite(min) || !Number.isFinite(max) || min > max) fail(`--space ${flag}: a range needs numbers min <= max, got '${spec}'`);
    if (kind.includes('log') && min <= 0) fail(`--space ${flag}: a log range needs min > 0, got '${spec}'`);
    return [flag, { min, max, ...(kind.includes('log') ? { log: true } : {}), ...(kind.includes('int') ? { integer: true } : {}) }];
  }
  const values = spec.split(',').map((s) => s.trim());
  if (values.some((v) => v === '')) fail(`--space ${flag}: empty value in '${spec}'`);
  return [flag, values.map((v) => (Number.isFinite(Number(v)) ? Number(v) : v))];
}

/**
 * Parameters of a dl-train trial that are not dl-train flags: the study's flags, the seed of the
 * data split when it is not the run's (an ensemble's members share the first seed's), and whether
 * the trial hands its final weights back (ensemble members).
 */
const RESERVED = ['flags', 'data-seed', 'keep-weights'];

/** The training flags of one trial: the study's own, then the sampled values. */
function trialArgv(flags: readonly string[], params: Record<string, unknown>): string[] {
  // true/false are switches (--nesterov, --no-nesterov), everything else a flag's value.
  const flag = ([k, v]: [string, unknown]) => (v === true || v === 'true' ? [`--${k}`] : v === false || v === 'false' ? [`--no-${k}`] : [`--${k}`, String(v)]);
  return [...flags, ...Object.entries(params).filter(([k]) => !RESERVED.includes(k)).flatMap(flag)];
}

export function parseSearchArgs(argv: string[]): SearchArgs {
  const own: Record<string, string> = {};
  const spaces: string[] = [];
  const switches = new Set<string>();
  const flags: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(token);
    if (m && OWN_SWITCHES.includes(m[1]!) && m[2] === undefined) {
      switches.add(m[1]!);
      continue;
    }
    if (m && OWN_FLAGS.includes(m[1]!)) {
      const value = m[2] ?? argv[++i];
      if (value === undefined || value.startsWith('--')) fail(`--${m[1]} needs a value`);
      if (m[1] === 'space') spaces.push(value!);
      else own[m[1]!] = value!;
      continue;
    }
    if (m && NOT_HERE.includes(m[1]!)) fail(`--${m[1]} does not apply to a trial (each trial is one run, checkpointed by the study)`);
    flags.push(token);
  }
  const train = parseTrainArgs(flags);
  const help = train.help;
  const space: Record<string, SearchDimension> = {};
  for (const s of spaces) {
    const [flag, dim] = parseDimension(s);
    if (flag in space) fail(`--space ${flag} is given twice`);
    if (OWN_FLAGS.includes(flag) || OWN_SWITCHES.includes(flag) || NOT_HERE.includes(flag) || RESERVED.includes(flag)) fail(`--space ${flag} is not a training flag`);
    space[flag] = dim;
  }
  if (!help && Object.keys(space).length === 0) fail('--space is needed: the flags to search and their values (--space lr=1e-4..1:log)');
  // Every flag and value must be one dl-train takes: checked now, not in a worker an hour later.
  for (const [flag, dim] of Object.entries(space)) {
    const values = Array.isArray(dim) ? dim : [(dim as { min: number }).min, (dim as { max: number }).max];
    for (const v of values) {
      try {
        parseTrainArgs(trialArgv(flags, { [flag]: v }));
      } catch (error) {
        fail(`--space ${flag}=${String(v)}: ${(error as Error).message}`);
      }
    }
  }
  const int = (name: string, fallback: number | undefined, min: number): number | undefined => {
    const raw = own[name];
    if (raw === undefined) return fallback;
    const v = Number(raw);
    if (!Number.isSafeInteger(v) || v < min) fail(`--${name} must be an integer >= ${min}, got '${raw}'`);
    return v;
  };
  const strategy = own.strategy ?? 'random';
  if (strategy !== 'random' && strategy !== 'grid') fail(`--strategy must be random or grid, got '${strategy}'`);
  const rf = own['asha-rf'] === undefined ? 3 : Number(own['asha-rf']);
  if (!(rf > 1)) fail(`--asha-rf must be a number > 1, got '${own['asha-rf']}'`);
  if (!switches.has('asha') && (own['asha-grace'] !== undefined || own['asha-rf'] !== undefined)) fail('--asha-grace and --asha-rf need --asha');
  if (own.redis === undefined && (own.queue !== undefined || own.study !== undefined || own.checkpoints !== undefined)) fail('--queue, --study and --checkpoints need --redis');
  const outGiven = flags.some((t) => t === '--out' || t.startsWith('--out='));
  return {
    space,
    budget: int('budget', undefined, 1),
    strategy: strategy as 'random' | 'grid',
    searchSeed: int('search-seed', 0, 0)!,
    asha: switches.has('asha') ? { gracePeriod: int('asha-grace', 1, 1)!, reductionFactor: rf } : undefined,
    onDivergence: switches.has('on-divergence'),
    redis: own.redis,
    queue: own.queue,
    study: own.study,
    checkpoints: own.checkpoints,
    flags,
    train: { ...train, out: outGiven ? train.out : 'reports/dl-train-search' },
    help,
  };
}

interface LoadedData {
  data: Dataset;
  validation: Dataset;
  classes: number;
  owned: tf.Tensor[];
}

/**
 * The data of dl-train trials, loaded once per process and kept for the next trial with the same
 * data flags (a worker runs many); `disposeTrialData` frees it.
 */
const cache = new Map<string, LoadedData>();

export function disposeTrialData(): void {
  for (const d of cache.values()) tf.dispose(d.owned);
  cache.clear();
}

export async function trialData(args: TrainArgs, splitSeed = args.seed): Promise<LoadedData> {
  const key = JSON.stringify([args.dataset, args.limit, args.classes, args.validation, splitSeed, args.dataDir, args.model]);
  const hit = cache.get(key);
  if (hit) return hit;
  const normalize = args.model !== 'mnist-transfer';
  const classes = args.classes ? { classes: args.classes } : {};
  const train = args.dataset === 'mnist'
    ? await loadMnist({ split: 'train', normalize, ...classes, ...(args.limit ? { limit: args.limit } : {}) })
    : await loadFashionMnist({ split: 'train', normalize, ...classes, ...(args.limit ? { limit: args.limit } : {}), ...(args.dataDir ? { dir: args.dataDir } : {}) });
  const owned: tf.Tensor[] = [train.images, train.labels];
  try {
    let labels: tf.Tensor = train.labels;
    if (args.classes) {
      const table = Array.from({ length: 10 }, (_, c) => args.classes!.indexOf(c));
      labels = tf.tidy(() => tf.gather(tf.tensor1d(table, 'int32'), tf.cast(train.labels, 'int32')));
      owned.push(labels);
    }
    const parts = await split({ x: train.images, y: labels }, { validation: args.validation, stratify: true, seed: splitSeed });
    owned.push(parts.train.x, parts.train.y, ...(parts.validation ? [parts.validation.x, parts.validation.y] : []));
    if (!parts.validation) throw new RangeError('dl-train search: trials are scored on the validation split; --validation must be > 0');
    const loaded = { data: parts.train, validation: parts.validation, classes: args.classes?.length ?? 10, owned };
    cache.set(key, loaded);
    return loaded;
  } catch (error) {
    tf.dispose(owned);
    throw error;
  }
}

/**
 * One dl-train run as a study's trial: the study's flags plus the sampled ones, scored on
 * `--monitor` (best over its epochs), reporting it every epoch (ASHA) and checkpointing each epoch
 * where the executor says (report first, then save: a trial killed in between reruns that epoch
 * and gets the same rung decision). `backend` (a worker's --backend) overrides the study's.
 */
export function dlTrainTrial(backend?: string) {
  return async (params: Record<string, unknown>, info: TrialInfo): Promise<TrialOutcome> => {
    const flags = JSON.parse(String(params.flags)) as string[];
    const args = parseTrainArgs([...trialArgv(flags, params), ...(backend ? ['--backend', backend] : [])]);
    await useBackend(args.backend);
    const { data, validation, classes } = await trialData(args, typeof params['data-seed'] === 'number' ? params['data-seed'] : args.seed);
    const model = buildModel(args.model, args.seed, classes);
    const optimizer = new Optimizer(buildTransform(args), model.parameters());
    const monitor = args.monitor;
    const max = /acc/i.test(monitor);
    try {
      const stats = args.dataset === 'mnist' ? MNIST_STATS : FASHION_MNIST_STATS;
      const updatesPerEpoch = Math.ceil(Math.ceil(data.x.shape[0]! / args.batchSize) / args.accumulateSteps);
      const resume = await info.checkpoint?.load();
      const study: Callback = {
        name: 'study',
        async onEpochEnd(ctx, log) {
          const value = (log as unknown as Record<string, number>)[monitor] ?? Number.NaN;
          if (!(await info.report(log.epoch, value))) return ctx.stop(`ASHA stopped trial ${info.index}:${info.retry} after epoch ${log.epoch}`, 'callback');
          if (info.checkpoint && log.epoch < args.epochs) await info.checkpoint.save(await ctx.snapshot());
        },
      };
      const r = await fit({
        model, optimizer, data, validation, ...fitOptionsFrom(args, stats, updatesPerEpoch), callbacks: [stopOnNaN(), study], rng: args.seed, logEvery: 50,
        ...(resume ? { resume } : {}),
      });
      const values = r.history.epochs.map((e) => (e as unknown as Record<string, number>)[monitor] ?? Number.NaN);
      const diverged = r.stopped?.reason === 'nan' || values.some((v) => !Number.isFinite(v));
      const score = diverged ? Number.NaN : max ? Math.max(...values) : Math.min(...values);
      // A NaN stops fit inside its epoch: that epoch counts as run (the compute was spent).
      const epochs = r.stopped?.reason === 'nan' ? Math.max(r.epochs, r.stopped.epoch) : r.epochs;
      const seconds = r.history.epochs.reduce((s, e) => s + e.seconds, 0);
      if (params['keep-weights'] !== true || diverged) return { score, diverged, epochs, seconds };
      const state = model.stateDict();
      try {
        return { score, diverged, epochs, seconds, artifact: await serializeCheckpoint(state) };
      } finally {
        tf.dispose(Object.values(state));
      }
    } finally {
      model.dispose();
      optimizer.dispose();
    }
  };
}

const show = (params: Record<string, unknown>) => Object.entries(params).filter(([k]) => !RESERVED.includes(k)).map(([k, v]) => `${k}=${typeof v === 'number' ? Number(v.toPrecision(4)) : String(v)}`).join(' ');

/** `dl-train search`: resolves to the exit code. */
export async function searchCommand(argv: string[], out: NodeJS.WriteStream = process.stdout): Promise<number> {
  let args: SearchArgs;
  try {
    args = parseSearchArgs(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${SEARCH_USAGE}`);
    return 2;
  }
  if (args.help) {
    out.write(SEARCH_USAGE);
    return 0;
  }
  const monitor = args.train.monitor;
  const mode = /acc/i.test(monitor) ? 'max' : 'min';
  let executor: TrialExecutor | undefined;
  let lastProgress = '';
  if (args.redis !== undefined) {
    try {
      executor = queueExecutor({
        redis: args.redis,
        ...(args.queue ? { queue: args.queue } : {}),
        ...(args.checkpoints && args.checkpoints !== 'redis' ? { checkpoints: { dir: args.checkpoints } } : {}),
        pollMs: 500,
        onProgress: (p: StudyProgress) => {
          const line = `dl-train search: ${p.study}: ${p.done} trials done (budget ${p.budget}); running ${p.running.map((r) => `${r.trial} epoch ${r.epoch} ${monitor} ${r.value === null ? 'NaN' : Number(r.value.toPrecision(4))} (${r.worker})`).join(', ') || 'none'}\n`;
          if (line !== lastProgress) out.write((lastProgress = line));
        },
      });
    } catch (error) {
      process.stderr.write(`dl-train search: --${/queue/.test((error as Error).message) ? 'queue' : 'redis'}: ${(error as Error).message}\n`);
      return 2;
    }
  }
  const space = { flags: [JSON.stringify(args.flags)], ...args.space } as Record<string, SearchDimension>;
  const local = dlTrainTrial();
  const started = Date.now();
  let result: SearchResult<Record<string, unknown>>;
  try {
    out.write(`dl-train search: ${args.strategy} search over ${Object.keys(args.space).join(', ')}, budget ${args.budget ?? 'default'}, ${monitor} (${mode})${args.asha ? `, ASHA grace ${args.asha.gracePeriod} rf ${args.asha.reductionFactor} over ${args.train.epochs} epochs` : ''}${args.onDivergence ? ', lr/3 on divergence' : ''}, ${args.redis ? `on queue ${args.queue ?? 'dl-trials'} at ${args.redis}` : 'in this process'}\n`);
    result = await search({
      space,
      trial: executor ? DL_TRAIN_TRIAL : local,
      strategy: args.strategy,
      ...(args.budget !== undefined ? { budget: args.budget } : {}),
      mode,
      ...(args.onDivergence ? { onDivergence: {} } : {}),
      ...(args.asha ? { asha: { maxEpochs: args.train.epochs, ...args.asha } } : {}),
      seed: args.searchSeed,
      ...(executor ? { executor } : {}),
      ...(args.study ? { study: args.study } : {}),
      onTrial: (t, done) => out.write(`dl-train search: trial ${t.index}:${t.retry} ${show(t.params)} -> ${monitor} ${Number.isFinite(t.score) ? t.score.toFixed(4) : 'NaN'} (${t.status}, ${t.epochs} epochs, ${t.worker}) [${done}]\n`),
    });
  } catch (error) {
    const message = (error as Error).message;
    process.stderr.write(`dl-train search: ${/cannot reach Redis|redis must be/.test(message) ? '--redis: ' : ''}${message}\n`);
    return 1;
  } finally {
    disposeTrialData();
  }
  const trials = result.trials.map((t) => ({ ...t, params: Object.fromEntries(Object.entries(t.params).filter(([k]) => k !== 'flags')) }));
  const table = resultsTable(trials, { metric: monitor });
  // Compute spent: the trials kept, and those a concurrent executor ran past the budget (dropped).
  const epochsRun = [...trials, ...result.discarded].reduce((s, t) => s + t.epochs, 0);
  const full = trials.length * args.train.epochs;
  const summary = {
    monitor, mode, budget: args.budget ?? null, strategy: args.strategy, flags: args.flags, asha: args.asha ?? null,
    best: result.best ? { trial: `${result.best.index}:${result.best.retry}`, params: show(result.best.params), [monitor]: result.best.score } : null,
    epochsRun, epochsIfRunToEnd: full, discarded: result.discarded.map((t) => `${t.index}:${t.retry}`), seconds: (Date.now() - started) / 1000, trials: table.rows,
  };
  await mkdir(args.train.out, { recursive: true });
  await writeFileAtomic(join(args.train.out, 'search.json'), new TextEncoder().encode(JSON.stringify(summary, null, 2) + '\n'));
  await writeFileAtomic(join(args.train.out, 'search.csv'), new TextEncoder().encode(table.csv));
  await writeFileAtomic(join(args.train.out, 'search.svg'), chartSvg(searchChart(trials, { metric: monitor, title: `${trials.length} trials, best ${result.best ? result.best.score.toFixed(4) : 'none'}` })));
  out.write(
    `dl-train search: best ${result.best ? `${show(result.best.params)} ${monitor} ${result.best.score.toFixed(4)} (trial ${result.best.index}:${result.best.retry})` : 'none (every trial diverged)'}; ` +
      `${epochsRun} epochs run, of ${full} for every trial to its last epoch, ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
      `wrote ${join(args.train.out, 'search.{json,csv,svg}')}\n`,
  );
  return result.best ? 0 : 1;
}
