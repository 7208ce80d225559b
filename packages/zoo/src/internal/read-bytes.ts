import { PretrainedWeightsError } from '../pretrained-weights-error.js';

// Node built-ins through variables, so bundlers never try to resolve them for a browser build.
const FS = 'node:fs/promises';
const URL_MODULE = 'node:url';

const isNode = (): boolean => typeof process !== 'undefined' && typeof process.versions?.node === 'string';

/** A location as a URL: URLs as they are; in Node a plain path is a file (relative to the working directory). */
async function toUrl(location: string | URL): Promise<URL> {
  if (location instanceof URL) return location;
  if (/^[a-z][a-z0-9+.-]+:/i.test(location)) return new URL(location);
  if (isNode()) {
    const { pathToFileURL } = (await import(/* @vite-ignore */ URL_MODULE)) as typeof import('node:url');
    return pathToFileURL(location);
  }
  return new URL(location, globalThis.location?.href);
}

/** The bytes at `location`: `file:` URLs and paths through `fs` in Node, anything else through `fetch`. */
export async function readBytes(location: string | URL, what: string): Promise<{ bytes: Uint8Array; source: string }> {
  const url = await toUrl(location);
  try {
    if (url.protocol === 'file:' && isNode()) {
      const [{ readFile }, { fileURLToPath }] = (await Promise.all([import(/* @vite-ignore */ FS), import(/* @vite-ignore */ URL_MODULE)])) as [
        typeof import('node:fs/promises'),
        typeof import('node:url'),
      ];
      const path = fileURLToPath(url);
      const buffer = await readFile(path);
      return { bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength), source: path };
    }
    const response = await fetch(url);
    if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`);
    return { bytes: new Uint8Array(await response.arrayBuffer()), source: url.href };
  } catch (error) {
    throw new PretrainedWeightsError(`${what}: cannot read ${url.protocol === 'file:' ? url.pathname : url.href}: ${(error as Error).message}`, { cause: error });
  }
}
