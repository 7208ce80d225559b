import type { Redis } from 'ioredis';
import type { RungStore } from '@dl/train';
import { rungKey } from './keys.js';

// Atomically: the values recorded at the rung before this trial's, then its own. A trial reporting
// the same rung again (its worker died after the report, before the next checkpoint) gets the same
// answer as the first time, so a resumed trial takes the same decision.
const RECORD = `
local prior = redis.call('HGET', KEYS[2], ARGV[1])
if prior then return prior end
local vals = redis.call('HVALS', KEYS[1])
prior = '[' .. table.concat(vals, ',') .. ']'
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('HSET', KEYS[2], ARGV[1], prior)
return prior
`;

/** ASHA's rungs of a study in Redis, shared by every worker. */
export function redisRungs(redis: Redis, study: string): RungStore {
  return {
    async record(rung, key, value) {
      const k = rungKey(study, rung);
      const prior = (await redis.eval(RECORD, 2, k, `${k}:prior`, key, JSON.stringify(value))) as string;
      return JSON.parse(prior) as number[];
    },
  };
}
