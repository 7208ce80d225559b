// Every ```ts snippet of the guide pages runs in Node (cpu backend) and exits cleanly.
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ES module without types
import { runSnippet, snippets } from './snippets.mjs';

const all = snippets() as { page: string; index: number; code: string }[];

describe('the guide snippets', () => {
  it('finds a snippet on every package page', () => {
    expect(all.length).toBeGreaterThanOrEqual(13);
  });
  for (const s of all) {
    it(`[cpu] ${s.page} #${s.index + 1} runs`, () => {
      const r = runSnippet(s);
      expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    });
  }
});
