import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { search } from '@dl/train';
import type { TrialFn } from '@dl/train';
import { queueExecutor, runWorker, VERSION } from '../src/node.js';
import type { WorkerHandle } from '../src/node.js';
import { freePort, startRedis } from './support.js';

let server: Awaited<ReturnType<typeof startRedis>>;
let worker: WorkerHandle;
const lines: string[] = [];
const saved: number[] = [];

// A trial without tensors: k/epoch over 9 epochs (larger k is worse), checkpointing its epoch.
const curve: TrialFn<Record<string, unknown>> = async (params, info) => {
  const k = params.k as number;
  const start = (await info.checkpoint?.load())?.[0] ?? 0;
  let best = Infinity;
  for (let e = start + 1; e <= 9; e++) {
    best = Math.min(best, k / e);
    if (!(await info.report(e, k / e))) break;
    await info.checkpoint?.save(new Uint8Array([e]));
    saved.push(e);
  }
  return best;
};

beforeAll(async () => {
  server = await startRedis();
  worker = await runWorker({ redis: server.url, queue: 'unit', id: 'solo', trials: { curve, bytes: (p) => ({ score: p.k as number, artifact: new Uint8Array([p.k as number, 42]) }) }, lockDuration: 1000, log: (l) => lines.push(l) });
});
afterAll(async () => {
  await worker?.close(true);
  await server?.stop();
});

describe('runWorker', () => {
  it('runs ASHA over the queue with checkpoints in a shared directory, and cleans up after the study', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dl-queue-'));
    const space = { k: [5, 1, 4, 2, 8, 3, 7, 6, 9] };
    const asha = { maxEpochs: 9, reductionFactor: 3 };
    const local = await search({ space, strategy: 'grid', asha, trial: curve });
    const queued = await search({ space, strategy: 'grid', asha, trial: 'curve', seed: 1, executor: queueExecutor({ redis: server.url, queue: 'unit', checkpoints: { dir }, concurrency: 1, pollMs: 20 }) });
    // One worker and one trial at a time: the rungs fill in the same order, so ASHA decides the same.
    expect(queued.trials.map((t) => [t.score, t.epochs, t.status])).toEqual(local.trials.map((t) => [t.score, t.epochs, t.status]));
    expect(queued.trials.every((t) => t.worker === 'solo')).toBe(true);
    expect(saved.length).toBeGreaterThan(0);
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
    // The study's own keys: only its results (BullMQ's go when the last worker leaves; see queue-executor.test.ts).
    expect((await server.redis.keys('dl:*')).filter((k) => !k.endsWith(':results'))).toEqual([]);
  });

  it('hands back the bytes a trial returns (an ensemble member\'s weights), from Redis or the directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dl-queue-'));
    for (const checkpoints of ['redis' as const, { dir }]) {
      const r = await search({ space: { k: [1, 2] }, strategy: 'grid', trial: 'bytes', seed: 3, study: `bytes-${typeof checkpoints}`, executor: queueExecutor({ redis: server.url, queue: 'unit', checkpoints, pollMs: 20 }) });
      expect(r.trials.map((t) => Array.from(t.outcome.artifact as Uint8Array))).toEqual([[1, 42], [2, 42]]);
    }
    expect(readdirSync(dir)).toEqual([]);
    expect((await server.redis.keys('dl:*')).filter((k) => !k.endsWith(':results'))).toEqual([]);
  });

  it('fails the study, naming the trial and the reason, when a worker refuses a trial', async () => {
    await expect(search({ space: { k: [1] }, trial: 'nope', seed: 2, executor: queueExecutor({ redis: server.url, queue: 'unit', pollMs: 20 }) })).rejects.toThrow(
      /trial 0:0 \(\{"k":1\}\) failed on a worker: worker solo has no trial named 'nope' \(it knows curve, bytes\)/,
    );
    // A rerun retries the failed trial (its job was removed) and fails the same way, not silently.
    await expect(search({ space: { k: [1] }, trial: 'nope', seed: 2, executor: queueExecutor({ redis: server.url, queue: 'unit', pollMs: 20 }) })).rejects.toThrow(/has no trial named 'nope'/);
  });

  it('refuses a trial from another version of @dl/queue and does not rerun a duplicate delivery', async () => {
    const q = new Queue('unit', { connection: { url: server.url } as never });
    const task = { study: 'dup', trial: 'curve', index: 0, retry: 0, params: { k: 2 }, mode: 'min' };
    const other = await q.add('trial', { version: '9.9.9', study: 'dup', task, checkpoints: 'redis' });
    for (let i = 0; i < 200 && (await q.getJobState(other.id!)) !== 'failed'; i++) await new Promise((r) => setTimeout(r, 20));
    expect((await q.getJob(other.id!))!.failedReason).toBe(`worker solo runs @dl/queue ${VERSION} but the study's coordinator runs 9.9.9: run every worker and the coordinator on one version`);
    await server.redis.hset('dl:study:dup:results', '0:0', JSON.stringify({ params: { k: 2 }, score: 1, diverged: false, stopped: false, epochs: 9, worker: 'x', outcome: {} }));
    const before = saved.length;
    const dup = await q.add('trial', { version: VERSION, study: 'dup', task, checkpoints: 'redis' });
    for (let i = 0; i < 200 && !lines.some((l) => /trial 0:0 of dup is a duplicate delivery/.test(l)); i++) await new Promise((r) => setTimeout(r, 20));
    expect(lines.some((l) => /trial 0:0 of dup is a duplicate delivery/.test(l))).toBe(true);
    expect(saved.length).toBe(before);
    expect(JSON.parse((await server.redis.hget('dl:study:dup:results', '0:0'))!).worker).toBe('x');
    expect(dup.id).toBeDefined();
    await q.obliterate({ force: true });
    await q.close();
  });

  it('names the option for an unreachable Redis and bad options', async () => {
    const port = await freePort();
    await expect(runWorker({ redis: `redis://127.0.0.1:${port}`, trials: { curve } })).rejects.toThrow(new RegExp(`runWorker: cannot reach Redis at redis redis://127.0.0.1:${port}`));
    await expect(runWorker({ redis: server.url, trials: {} })).rejects.toThrow(/trials must map one or more names/);
    await expect(runWorker({ redis: server.url, trials: { curve }, lockDuration: 10 })).rejects.toThrow(/lockDuration must be an integer >= 500/);
  });
});
