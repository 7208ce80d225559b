import type { LoadPretrainedOptions } from '../types.js';

/** Checks the options object before anything is read: known keys only, a string or URL location. */
export function checkLoadOptions(where: string, options: unknown): LoadPretrainedOptions {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) throw new TypeError(`${where}: options must be an object, got ${String(options)}`);
  for (const k of Object.keys(options)) if (k !== 'weightsUrl') throw new TypeError(`${where}: unknown option '${k}' (allowed: weightsUrl)`);
  const url = (options as LoadPretrainedOptions).weightsUrl;
  if (url !== undefined && typeof url !== 'string' && !(url instanceof URL)) throw new TypeError(`${where}: weightsUrl must be a string or a URL, got ${typeof url}`);
  return options as LoadPretrainedOptions;
}
