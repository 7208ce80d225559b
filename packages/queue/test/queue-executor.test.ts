import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tf, useBackend } from '@dl/core';
import { search } from '@dl/train';
import type { SearchResult } from '@dl/train';
import { queueExecutor } from '../src/node.js';
// @ts-expect-error: a plain JS fixture, shared with the worker processes
import { toyTrial } from './fixtures/toy-trial.mjs';
// @ts-expect-error: a plain JS fixture
import { STUDY } from './fixtures/study.mjs';
import { child, freePort, startRedis } from './support.js';
import type { Child } from './support.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
type Params = { lr: number; width: number };
const comparable = (r: SearchResult<Params>) => r.trials.map((t) => ({ index: t.index, retry: t.retry, params: t.params, score: Number.isFinite(t.score) ? t.score : null, diverged: t.diverged, status: t.status, epochs: t.epochs }));

let server: Awaited<ReturnType<typeof startRedis>>;
const workers: Child[] = [];

beforeAll(async () => {
  await useBackend('cpu');
  server = await startRedis();
});
afterAll(async () => {
  for (const w of workers) w.proc.kill('SIGKILL');
  await server?.stop();
});

describe('queueExecutor', () => {
  it('runs a 12-trial study on 3 workers, one SIGKILLed mid-trial and the coordinator restarted, as in-process', async () => {
    // The in-process run first: the reference, and no tensor left behind.
    const before = tf.memory().numTensors;
    const local = (await search<Params>({ ...STUDY, study: undefined, trial: toyTrial() })) as SearchResult<Params>;
    expect(tf.memory().numTensors).toBe(before);
    expect(local.trials).toHaveLength(12);
    expect(local.trials.some((t) => t.retry > 0)).toBe(true);

    for (const id of ['w1', 'w2', 'w3']) workers.push(child(fixture('worker.mjs'), [server.url, id]));
    // Generous: on a loaded CI machine, starting three Node processes that load TF.js takes a while.
    await Promise.all(workers.map((w) => w.waitFor(/: ready$/, 240_000)));
    let coordinator = child(fixture('coordinator.mjs'), [server.url]);
    // Kill w1 once it is two epochs into a trial (its checkpoint for epoch 1 is saved by then).
    const results = 'dl:study:acceptance:results';
    for (;;) {
      const progress = Object.entries(await server.redis.hgetall('dl:study:acceptance:progress')).map(([k, v]) => [k, JSON.parse(v)] as const);
      const hit = progress.find(([, p]) => p.worker === 'w1' && p.epoch >= 2 && p.epoch < 5);
      if (hit) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    workers[0]!.proc.kill('SIGKILL');
    // Then the coordinator, once a few trials are in; a new one takes the study over.
    while ((await server.redis.hlen(results)) < 5) await new Promise((r) => setTimeout(r, 50));
    coordinator.proc.kill('SIGKILL');
    await coordinator.exited;
    coordinator = child(fixture('coordinator.mjs'), [server.url]);
    expect(await coordinator.exited).toBe(0);
    const queued = JSON.parse(coordinator.lines.find((l) => l.startsWith('{'))!) as SearchResult<Params>;

    expect(comparable(queued)).toEqual(comparable(local));
    expect(queued.best!.score).toBe(local.best!.score);
    // Every trial completed exactly once (a second delivery, were a loaded machine to delay a live
    // worker's lock renewal, is logged as a duplicate and not counted); the killed worker's trial was
    // picked up again.
    const logs = workers.flatMap((w) => w.lines);
    for (const t of queued.trials) {
      const counted = logs.filter((l) => new RegExp(`trial ${t.index}:${t.retry} (done|diverged|stopped)`).test(l) && !/a duplicate/.test(l));
      expect(counted, `${t.index}:${t.retry}`).toHaveLength(1);
    }
    expect(logs.some((l) => /picked up again/.test(l))).toBe(true);
    expect(new Set(queued.trials.map((t) => t.worker)).size).toBeGreaterThan(1);

    // Stop the workers: nothing but the study's results is left in Redis.
    for (const w of workers.slice(1)) w.proc.kill('SIGTERM');
    await Promise.all(workers.slice(1).map((w) => w.exited));
    expect((await server.redis.keys('*')).sort()).toEqual([results]);
  }, 480_000);

  it('names the option for an unreachable Redis or a bad URL, and refuses a trial function', async () => {
    const port = await freePort();
    await expect(search({ space: { lr: [1] }, trial: 'toy', seed: 1, executor: queueExecutor({ redis: `redis://127.0.0.1:${port}` }) })).rejects.toThrow(
      new RegExp(`cannot reach Redis at redis redis://127.0.0.1:${port}`),
    );
    expect(() => queueExecutor({ redis: 'localhost:6379' })).toThrow(/redis must be a redis:\/\/ or rediss:\/\/ URL/);
    await expect(search({ space: { lr: [1] }, trial: () => 0, seed: 1, executor: queueExecutor({ redis: server.url }) })).rejects.toThrow(/give trial as the name the workers register/);
  });
});
