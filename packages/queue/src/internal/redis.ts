import { Redis } from 'ioredis';

/**
 * Connects to `url` and fails fast, naming the option, when Redis cannot be reached: the first
 * connection is tried once, and only after it succeeds does the client reconnect by itself (a
 * Redis restart mid-study then only pauses the study).
 */
export async function connectRedis(url: unknown, where: string, option = 'redis'): Promise<Redis> {
  if (typeof url !== 'string' || !/^rediss?:\/\//.test(url)) {
    throw new TypeError(`${where}: ${option} must be a redis:// or rediss:// URL, got ${JSON.stringify(url)}`);
  }
  // maxRetriesPerRequest null: BullMQ's workers block on the connection and require it.
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: null, enableOfflineQueue: true, retryStrategy: () => null, connectTimeout: 5000 });
  // An unhandled 'error' event would crash the process; failures surface through commands instead.
  redis.on('error', () => {});
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    throw new Error(`${where}: cannot reach Redis at ${option} ${url} (${(error as Error).message || String(error)}); is redis-server running there?`, { cause: error });
  }
  redis.options.retryStrategy = (times: number) => Math.min(times * 200, 2000);
  return redis;
}
