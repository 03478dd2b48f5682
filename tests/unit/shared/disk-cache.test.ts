import { randomBytes } from 'node:crypto';
import { readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cachedText } from '../../../src/shared/disk-cache.ts';

const REPO = path.resolve(import.meta.dirname, '..', '..', '..');
const namespace = `test-${randomBytes(4).toString('hex')}`;
const folder = path.join(REPO, '.cache', namespace);
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

const asNumber = (text: string) => (/^\d+$/.test(text) ? Number(text) : undefined);

describe('text kept between runs', () => {
  it('is made once for the same inputs and again for other inputs', async () => {
    let made = 0;
    const make = async () => String(++made * 10);
    expect(await cachedText(namespace, ['a', 'b'], make, asNumber)).toBe(10);
    expect(await cachedText(namespace, ['a', 'b'], make, asNumber)).toBe(10);
    expect(await cachedText(namespace, ['a', 'c'], make, asNumber)).toBe(20);
    expect(made).toBe(2);
  });

  it('is made again when the kept entry is damaged', async () => {
    let made = 0;
    const make = async () => String(++made);
    await cachedText(namespace, ['x'], make, asNumber);
    const [entry] = await readdir(folder);
    await writeFile(path.join(folder, entry!), 'half a fi');
    expect(await cachedText(namespace, ['x'], make, asNumber)).toBe(2);
  });
});
