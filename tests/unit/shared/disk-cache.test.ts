import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cachedFromFiles, cachedText } from '../../../src/shared/disk-cache.ts';

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

describe('text made from files the making finds', () => {
  it('is kept while every input keeps its content, whatever its time, and made again when one changes', async () => {
    const inputs = path.join(folder, 'inputs');
    await mkdir(inputs, { recursive: true });
    const [a, b] = [path.join(inputs, 'a.js'), path.join(inputs, 'b.js')];
    await writeFile(a, 'one');
    await writeFile(b, 'two');
    let made = 0;
    let found = [a, b];
    const make = async () => ({ text: `bundle ${++made}`, inputs: found });
    expect(await cachedFromFiles(namespace, ['v1'], make)).toBe('bundle 1');
    expect(await cachedFromFiles(namespace, ['v1'], make)).toBe('bundle 1');
    // A checkout or a copy touches every file: the same content is the same bundle.
    await utimes(b, new Date(), new Date(Date.now() + 5000));
    expect(await cachedFromFiles(namespace, ['v1'], make)).toBe('bundle 1');
    // Same size, other content.
    await writeFile(a, 'won');
    expect(await cachedFromFiles(namespace, ['v1'], make)).toBe('bundle 2');
    await rm(b);
    found = [a];
    expect(await cachedFromFiles(namespace, ['v1'], make)).toBe('bundle 3');
    expect(await cachedFromFiles(namespace, ['v2'], make)).toBe('bundle 4');
  });
});

describe('what a killed run left', () => {
  it('is removed when the cache next writes there; a running process keeps its own', async () => {
    await mkdir(folder, { recursive: true });
    const dead = path.join(folder, `entry.tmp-999999999-0a0b0c0d`);
    const alive = path.join(folder, `entry.tmp-${process.pid}-0a0b0c0d`);
    await writeFile(dead, 'half');
    await writeFile(alive, 'half');
    await cachedText(namespace, ['after a kill'], async () => '1', asNumber);
    const left = await readdir(folder);
    expect(left).not.toContain(path.basename(dead));
    expect(left).toContain(path.basename(alive));
  });
});
