/**
 * A memo for pure work that a long-running session repeats (dev renders after every save): each
 * key's result made once, the `limit` most recently used kept. A key must name everything the
 * result depends on; a promise is kept as it is, so callers asking at once share one piece of work,
 * until it fails.
 */
export function keptResults<T>(limit: number): (key: string, make: () => T) => T {
  const kept = new Map<string, T>();
  return (key, make) => {
    if (kept.has(key)) {
      const result = kept.get(key)!;
      // Used again: kept longest.
      kept.delete(key);
      kept.set(key, result);
      return result;
    }
    const result = make();
    kept.set(key, result);
    // A failure is not kept: the same inputs are tried again (a file read mid-save, say).
    if (result instanceof Promise)
      result.catch(() => {
        if (kept.get(key) === result) kept.delete(key);
      });
    if (kept.size > limit) kept.delete(kept.keys().next().value!);
    return result;
  };
}
