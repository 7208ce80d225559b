import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { StudyRun, StudySpec, TrialExecutor, TrialResult, TrialTask } from '@dl/train';
import { trialCheckpoint } from './internal/checkpoints.js';
import type { CheckpointPlace } from './internal/checkpoints.js';
import { DEFINITION_FIELD, field, jobId, progressKey, resultsKey, studyPrefix } from './internal/keys.js';
import type { JobData, StoredResult } from './internal/job-data.js';
import { connectRedis } from './internal/redis.js';
import { VERSION } from './internal/version.js';

export interface QueueExecutorOptions {
  /** `redis://host:port[/db]` of the Redis every worker uses. */
  redis: string;
  /** BullMQ queue name (the workers' `queue`). Default `'dl-trials'`. */
  queue?: string;
  /** Where trials keep their epoch checkpoints: `'redis'` (default) or `{dir}`, a directory every worker can read. */
  checkpoints?: CheckpointPlace;
  /** Trials in flight at once (queued for the workers). Default 64. */
  concurrency?: number;
  /** How often the study reads results and progress, in ms. Default 250. */
  pollMs?: number;
  /** Called with the study's progress at every poll (the terminal display). */
  onProgress?: (progress: StudyProgress) => void;
}

export interface StudyProgress {
  study: string;
  /** Trials finished (restored ones included). */
  done: number;
  budget: number;
  /** Trials a worker is running: last reported epoch and value. */
  running: { trial: string; epoch: number; value: number; worker: string }[];
}

const where = 'queueExecutor';

/** The study's id: its `study` name, or a hash of its definition (a restarted coordinator finds it again). */
function studyId(spec: StudySpec): string {
  if (spec.name !== undefined) return spec.name;
  return `study-${createHash('sha256').update(JSON.stringify(spec.definition)).digest('hex').slice(0, 16)}`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Workers take earlier configurations first (BullMQ: lower is sooner), a retry of configuration i
 * before configuration i + 1: with every trial queued at once, a lr/3 retry then runs ahead of
 * the configurations that the budget will drop because of it.
 */
const priorityOf = (task: TrialTask) => Math.min(task.index + 1, 2_097_151);

/**
 * Runs `search`'s trials on a BullMQ queue for `dl-train worker`s (or `runWorker`) in any number
 * of processes and machines. Results, ASHA's rungs, progress and checkpoints live in Redis under
 * the study's id, so a restarted coordinator picks the study up where it was (finished trials are
 * read back, not rerun); at the end everything but the results hash is deleted.
 */
export function queueExecutor(options: QueueExecutorOptions): TrialExecutor {
  if (options === null || typeof options !== 'object') throw new TypeError(`${where}: options must be an object, got ${String(options)}`);
  if (typeof options.redis !== 'string' || !/^rediss?:\/\//.test(options.redis)) {
    throw new TypeError(`${where}: redis must be a redis:// or rediss:// URL, got ${JSON.stringify(options.redis)}`);
  }
  const queueName = options.queue ?? 'dl-trials';
  if (typeof queueName !== 'string' || !/^[\w.-]{1,100}$/.test(queueName)) throw new TypeError(`${where}: queue must be a name of letters, digits, '.', '_' or '-', got ${JSON.stringify(queueName)}`);
  const place: CheckpointPlace = options.checkpoints ?? 'redis';
  if (place !== 'redis' && (typeof place !== 'object' || typeof place.dir !== 'string' || place.dir === '')) {
    throw new TypeError(`${where}: checkpoints must be 'redis' or {dir: string}, got ${JSON.stringify(place)}`);
  }
  const concurrency = options.concurrency ?? 64;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`${where}: concurrency must be an integer >= 1, got ${String(concurrency)}`);
  const pollMs = options.pollMs ?? 250;
  if (typeof pollMs !== 'number' || !(pollMs > 0)) throw new RangeError(`${where}: pollMs must be > 0, got ${String(pollMs)}`);
  return {
    kind: 'queue',
    concurrency,
    async open(spec: StudySpec): Promise<StudyRun> {
      const redis = await connectRedis(options.redis, where);
      const study = studyId(spec);
      const queue = new Queue(queueName, { connection: redis });
      let closed = false;
      try {
        const definition = JSON.stringify({ ...spec.definition, checkpoints: place });
        await redis.hsetnx(resultsKey(study), DEFINITION_FIELD, definition);
        const stored = await redis.hget(resultsKey(study), DEFINITION_FIELD);
        if (stored !== definition) {
          throw new Error(`${where}: study '${study}' is already in Redis with another definition (${stored}); choose another study name, or delete ${resultsKey(study)}`);
        }
      } catch (error) {
        await queue.close();
        redis.disconnect();
        throw error;
      }
      const ticker = options.onProgress ? setInterval(() => void progress().then(options.onProgress!, () => {}), pollMs) : undefined;
      async function progress(): Promise<StudyProgress> {
        const [results, running] = await Promise.all([redis.hlen(resultsKey(study)), redis.hgetall(progressKey(study))]);
        const finished = new Set(await redis.hkeys(resultsKey(study)));
        return {
          study,
          done: results - 1,
          budget: spec.budget,
          running: Object.entries(running)
            .filter(([k]) => !finished.has(k))
            .map(([trial, v]) => ({ trial, ...(JSON.parse(v) as { epoch: number; value: number; worker: string }) })),
        };
      }
      const read = async (f: string): Promise<StoredResult | undefined> => {
        const v = await redis.hget(resultsKey(study), f);
        return v === null ? undefined : (JSON.parse(v) as StoredResult);
      };
      const toResult = (task: TrialTask, r: StoredResult): TrialResult => {
        // The same seed samples the same parameters; anything else means the study was changed under us.
        if (JSON.stringify(r.params) !== JSON.stringify(task.params)) {
          throw new Error(`${where}: study '${study}' holds trial ${field(task.index, task.retry)} with parameters ${JSON.stringify(r.params)}, not ${JSON.stringify(task.params)}`);
        }
        return { score: r.score ?? Number.NaN, diverged: r.diverged, stopped: r.stopped, epochs: r.epochs, worker: r.worker, outcome: { ...r.outcome, score: r.score ?? Number.NaN } };
      };
      // The trial's artifact (bytes it returned as `outcome.artifact`), read back from where the worker put it.
      const withArtifact = async (task: TrialTask, r: StoredResult): Promise<TrialResult> => {
        const result = toResult(task, r);
        if (r.outcome.artifact !== true) return result;
        const bytes = await trialCheckpoint(place, redis, study, `artifact:${field(task.index, task.retry)}`).load();
        if (!bytes) throw new Error(`${where}: study '${study}' lost trial ${field(task.index, task.retry)}'s artifact (its checkpoint store was cleared)`);
        return { ...result, outcome: { ...result.outcome, artifact: bytes } };
      };
      return {
        async run(task) {
          if (task.trial === undefined) throw new TypeError(`search: the queue executor runs registered trials: give trial as the name the workers register (a function cannot be sent to another process)`);
          const f = field(task.index, task.retry);
          const id = jobId(study, task.index, task.retry);
          const data: JobData = { version: VERSION, study, task: { ...task, study }, checkpoints: place };
          // Finished before a restart: read back, never rerun.
          const done = await read(f);
          if (done) return withArtifact(task, done);
          // Same job id as before a restart: BullMQ keeps one job per id while it exists.
          await queue.add('trial', data, { jobId: id, removeOnComplete: true, removeOnFail: false, attempts: 1, priority: priorityOf(task) });
          for (let polls = 1; ; polls++) {
            if (closed) throw new Error(`${where}: study '${study}' closed while trial ${f} was running`);
            await sleep(pollMs);
            const r = await read(f);
            if (r) return withArtifact(task, r);
            if (polls % 4 !== 0) continue;
            const state = await queue.getJobState(id);
            if (state === 'failed') {
              const job = await queue.getJob(id);
              throw new Error(`trial ${f} (${JSON.stringify(task.params)}) failed on a worker: ${job?.failedReason ?? 'unknown reason'}`);
            }
            if (state === 'unknown') {
              // Gone without a result: read once more (it may have finished between the two reads), else queue it again.
              const again = await read(f);
              if (again) return withArtifact(task, again);
              await queue.add('trial', data, { jobId: id, removeOnComplete: true, removeOnFail: false, attempts: 1, priority: priorityOf(task) });
            }
          }
        },
        async close(ok) {
          closed = true;
          if (ticker) clearInterval(ticker);
          try {
            if (ok) {
              // Everything but the results: progress, rungs, checkpoints.
              let cursor = '0';
              do {
                const [next, keys] = await redis.scan(cursor, 'MATCH', `${studyPrefix(study)}*`, 'COUNT', 500);
                cursor = next;
                const drop = keys.filter((k) => k !== resultsKey(study));
                if (drop.length) await redis.del(...drop);
              } while (cursor !== '0');
              if (place !== 'redis') await rm(join(place.dir, study), { recursive: true, force: true });
              // A queue with nothing left in it is removed with its keys (another study's jobs keep it).
              const counts = await queue.getJobCounts('active', 'waiting', 'delayed', 'prioritized', 'waiting-children', 'failed', 'completed');
              if (Object.values(counts).every((c) => c === 0)) await queue.obliterate({ force: true });
            } else {
              // The failed trials' jobs go, their error has been reported: running the study again retries them
              // (and reads back every trial that finished).
              for (const job of await queue.getFailed()) if (job.id?.startsWith(`${study}-`)) await job.remove();
            }
          } finally {
            await queue.close();
            redis.disconnect();
          }
        },
      };
    },
  };
}
