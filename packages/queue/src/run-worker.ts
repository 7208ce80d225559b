import { hostname } from 'node:os';
import { Queue, UnrecoverableError, Worker } from 'bullmq';
import type { Job } from 'bullmq';
import { runTrialTask } from '@dl/train';
import type { TrialFn } from '@dl/train';
import { trialCheckpoint } from './internal/checkpoints.js';
import { field, progressKey, resultsKey } from './internal/keys.js';
import type { JobData, StoredResult } from './internal/job-data.js';
import { connectRedis } from './internal/redis.js';
import { redisRungs } from './internal/rungs.js';
import { VERSION } from './internal/version.js';

export interface RunWorkerOptions {
  redis: string;
  /** Default `'dl-trials'`. */
  queue?: string;
  /** The trials this worker can run, by the name studies give (`search`'s `trial` as a string). */
  trials: Record<string, TrialFn<Record<string, unknown>>>;
  /** This worker's name in results and progress. Default `host:pid`. */
  id?: string;
  /**
   * How long a trial's lock lasts without renewal, in ms (BullMQ's `lockDuration`): a killed
   * worker's trial goes back to the queue about this long after its death. Default 30 000; the
   * worker renews it every half while alive, so it must exceed the longest stretch a trial blocks
   * the event loop (one training step on a slow backend).
   */
  lockDuration?: number;
  /** Called with what the worker does (trial started, resumed, finished, refused). */
  log?: (line: string) => void;
}

export interface WorkerHandle {
  readonly id: string;
  /** Trials finished by this worker. */
  readonly finished: number;
  /** Stops taking trials and waits for the current one (`force`: abandons it; it goes back to the queue). */
  close(force?: boolean): Promise<void>;
}

/**
 * Takes trials from the queue and runs them until closed, reporting per-epoch values (ASHA's
 * rungs and the study's progress) and saving each trial's epoch checkpoints where the study says:
 * a trial whose worker died is resumed by another from its last checkpoint. A trial already in
 * the study's results (a duplicate delivery) is not run again; a trial from a coordinator on
 * another version of @dl/queue is refused.
 */
export async function runWorker(options: RunWorkerOptions): Promise<WorkerHandle> {
  const where = 'runWorker';
  if (options === null || typeof options !== 'object') throw new TypeError(`${where}: options must be an object, got ${String(options)}`);
  const queueName = options.queue ?? 'dl-trials';
  if (typeof queueName !== 'string' || !/^[\w.-]{1,100}$/.test(queueName)) throw new TypeError(`${where}: queue must be a name of letters, digits, '.', '_' or '-', got ${JSON.stringify(queueName)}`);
  if (options.trials === null || typeof options.trials !== 'object' || Object.keys(options.trials).length === 0 || !Object.values(options.trials).every((f) => typeof f === 'function')) {
    throw new TypeError(`${where}: trials must map one or more names to trial functions`);
  }
  const lockDuration = options.lockDuration ?? 30_000;
  if (!Number.isInteger(lockDuration) || lockDuration < 500) throw new RangeError(`${where}: lockDuration must be an integer >= 500 (ms), got ${String(lockDuration)}`);
  const redis = await connectRedis(options.redis, where);
  const id = options.id ?? `${hostname()}:${process.pid}`;
  const log = options.log ?? (() => {});
  let finished = 0;
  const processor = async (job: Job<JobData>) => {
    const data = job.data;
    if (data.version !== VERSION) {
      throw new UnrecoverableError(`worker ${id} runs @dl/queue ${VERSION} but the study's coordinator runs ${String(data.version)}: run every worker and the coordinator on one version`);
    }
    const { task, study } = data;
    const name = task.trial ?? '';
    const fn = options.trials[name];
    if (!fn) throw new UnrecoverableError(`worker ${id} has no trial named '${name}' (it knows ${Object.keys(options.trials).join(', ')})`);
    const f = field(task.index, task.retry);
    // A duplicate delivery (the trial finished, then its job came back): counted once, not rerun.
    if ((await redis.hexists(resultsKey(study), f)) === 1) {
      log(`${id}: trial ${f} of ${study} is a duplicate delivery (already in the results): not run again`);
      return 'duplicate';
    }
    const checkpoint = trialCheckpoint(data.checkpoints, redis, study, f);
    log(`${id}: trial ${f} of ${study} ${JSON.stringify(task.params)}${job.attemptsStarted > 1 || job.stalledCounter > 0 ? ' (picked up again)' : ''}`);
    const reporting: TrialFn<Record<string, unknown>> = (params, info) =>
      fn(params, {
        ...info,
        report: async (epoch, value) => {
          await redis.hset(progressKey(study), f, JSON.stringify({ epoch, value: Number.isFinite(value) ? value : null, worker: id }));
          return info.report(epoch, value);
        },
      });
    const r = await runTrialTask(task, reporting, { rungs: redisRungs(redis, study), checkpoint, worker: id });
    // Bytes a trial hands back (an ensemble member's weights) go beside the checkpoints, kept until
    // the study ends; the result says they are there.
    if (r.outcome.artifact instanceof Uint8Array) {
      await trialCheckpoint(data.checkpoints, redis, study, `artifact:${f}`).save(r.outcome.artifact);
      r.outcome = { ...r.outcome, artifact: true };
    }
    const stored: StoredResult = {
      params: task.params,
      score: Number.isFinite(r.score) ? r.score : null,
      diverged: r.diverged,
      stopped: r.stopped,
      epochs: r.epochs,
      worker: id,
      outcome: JSON.parse(JSON.stringify({ ...r.outcome, score: undefined })) as Record<string, unknown>,
    };
    // HSETNX: of two deliveries that both ran to the end, the first result counts.
    const first = (await redis.hsetnx(resultsKey(study), f, JSON.stringify(stored))) === 1;
    await checkpoint.remove();
    await redis.hdel(progressKey(study), f);
    if (first) finished++;
    log(`${id}: trial ${f} ${r.diverged ? 'diverged' : r.stopped ? `stopped by ASHA after ${r.epochs} epochs` : 'done'}, score ${r.score}${first ? '' : ' (a duplicate: the first result counts)'}`);
    return first ? 'done' : 'duplicate';
  };
  const worker = new Worker<JobData>(queueName, processor, {
    connection: redis,
    concurrency: 1,
    lockDuration,
    stalledInterval: Math.max(250, Math.floor(lockDuration / 2)),
    // A trial whose worker died is retried; more than this many deaths fails it (a trial that kills its worker).
    maxStalledCount: 5,
  });
  worker.on('error', (error) => log(`${id}: ${error.message}`));
  await worker.waitUntilReady();
  return {
    id,
    get finished() {
      return finished;
    },
    async close(force = false) {
      try {
        await worker.close(force);
        // A running worker keeps BullMQ's bookkeeping keys (meta, stalled-check) alive; the last one
        // to leave an empty queue removes them, so that a finished study leaves only its results.
        // A job added meanwhile would go with them: its coordinator sees it gone and adds it again.
        const queue = new Queue(queueName, { connection: redis });
        try {
          const counts = await queue.getJobCounts('active', 'waiting', 'delayed', 'prioritized', 'waiting-children', 'failed', 'completed');
          if (Object.values(counts).every((c) => c === 0)) await queue.obliterate({ force: true });
        } finally {
          await queue.close();
        }
      } finally {
        redis.disconnect();
      }
    },
  };
}
