import { describe, expect, it } from 'vitest';
import { keptResults } from '../../../src/shared/kept-results.ts';

describe('results kept for work a long session repeats', () => {
  it('makes a key’s result once and hands the same result back after', () => {
    const kept = keptResults<{ made: number }>(4);
    let made = 0;
    const first = kept('a', () => ({ made: ++made }));
    expect(kept('a', () => ({ made: ++made }))).toBe(first);
    expect(made).toBe(1);
  });

  it('keeps only the most recently used keys, up to its limit', () => {
    const kept = keptResults<string>(2);
    const made: string[] = [];
    const ask = (key: string) =>
      kept(key, () => {
        made.push(key);
        return key;
      });
    ask('a');
    ask('b');
    ask('a');
    ask('c');
    ask('a');
    ask('b');
    expect(made).toEqual(['a', 'b', 'c', 'b']);
  });
});

describe('a failed piece of work', () => {
  it('is not kept: the same key is worked on again', async () => {
    const kept = keptResults<Promise<string>>(4);
    let tries = 0;
    const ask = () => kept('partial', () => (++tries === 1 ? Promise.reject(new Error('read mid-save')) : Promise.resolve('parsed')));
    await expect(ask()).rejects.toThrow('read mid-save');
    await expect(ask()).resolves.toBe('parsed');
    expect(tries).toBe(2);
  });
});
