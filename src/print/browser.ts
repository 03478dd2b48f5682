import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { mkdtemp, readdir, readlink, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, LaunchOptions } from 'puppeteer-core';
import { EnvironmentError } from '../shared/errors.ts';
import { interrupted, onInterrupt } from '../shared/interrupts.ts';
import { endProcessGroup, isProcessRunning } from '../shared/processes.ts';

export type { Browser, Page } from 'puppeteer-core';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
  '/snap/bin/chromium',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

/** The system browser: PUPPETEER_EXECUTABLE_PATH first, then the usual install paths. Never a download. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.PUPPETEER_EXECUTABLE_PATH;
  if (configured) {
    if (!existsSync(configured))
      throw new EnvironmentError(`PUPPETEER_EXECUTABLE_PATH points to ${configured}, which does not exist`, { code: 'tool-missing' });
    // Spawning a folder or a file that is no program fails inside puppeteer as an unhandled event, not a rejection.
    if (statSync(configured).isDirectory())
      throw new EnvironmentError(
        `PUPPETEER_EXECUTABLE_PATH points to ${configured}, which is a folder; set it to the Chrome or Chromium program itself (such as /usr/bin/chromium)`,
        { code: 'tool-missing' },
      );
    try {
      accessSync(configured, constants.X_OK);
    } catch {
      throw new EnvironmentError(
        `PUPPETEER_EXECUTABLE_PATH points to ${configured}, which is not a program this user may run; set it to the Chrome or Chromium program itself (such as /usr/bin/chromium)`,
        { code: 'tool-missing' },
      );
    }
    return configured;
  }
  const found = CANDIDATES.find((candidate) => existsSync(candidate));
  if (found) return found;
  throw new EnvironmentError(
    'no Chromium found. Install the system package (Debian/Ubuntu: sudo apt-get install chromium) ' +
      'or set PUPPETEER_EXECUTABLE_PATH to a Chrome or Chromium binary.',
    { code: 'tool-missing' },
  );
}

interface Running {
  profile: string;
  /** Chromium's process id, which is also the id of the process group of all its helpers. */
  pid?: number;
  ended?: Promise<void>;
}
const open = new Map<Browser, Running>();
/** Profile folders made and not yet removed, including those of launches an interrupt cut short. */
const profiles = new Set<string>();
/** Launches not finished yet: an interrupt must close these too, or a detached Chromium outlives us. */
const launching = new Set<Promise<Browser>>();

const PROFILE_PREFIX = 'kaartenset-chromium-';
/** How long a starting Chromium may take to answer (it takes a second or two). */
const START_LIMIT_MS = 30_000;
/** How long a closing browser is given to close itself before its process group is killed. */
const CLOSE_WAIT_MS = 10_000;

/**
 * Starts a headless system Chromium with a fresh profile and no background traffic. It is driven
 * through a pipe, not a socket: when this process dies, even by kill -9, the pipe closes and
 * Chromium exits with it. Profiles of processes that died that way are removed here.
 */
export async function launchBrowser(options: { signal?: AbortSignal; startLimitMs?: number } = {}): Promise<Browser> {
  const executablePath = findChromium();
  closeOnInterrupt();
  // Known to the interrupt from its first step: one that comes while the profile is being made waits for it.
  const launch = startBrowser(executablePath, options.signal, options.startLimitMs ?? START_LIMIT_MS);
  launching.add(launch);
  try {
    return await launch;
  } finally {
    launching.delete(launch);
    stopClosingWhenIdle();
  }
}

/**
 * `signal` ends a launch no longer wanted (the build failed its checks) without waiting for Chromium
 * to be up; a Chromium that does not answer within `limitMs` is stopped, and said so.
 */
async function startBrowser(executablePath: string, wanted: AbortSignal | undefined, limitMs: number): Promise<Browser> {
  const timer = new AbortController();
  const limit = setTimeout(() => timer.abort(), limitMs);
  const signal = wanted ? AbortSignal.any([wanted, timer.signal]) : timer.signal;
  try {
    return await startBrowserUntil(executablePath, signal);
  } catch (error) {
    if (!timer.signal.aborted || wanted?.aborted) throw error;
    throw new EnvironmentError(
      `Chromium at ${executablePath} did not answer within ${Math.round(limitMs / 1000)} s of starting, and was stopped; is it a working Chrome or Chromium (set PUPPETEER_EXECUTABLE_PATH to one), or is the machine overloaded?`,
      { code: 'time-limit' },
    );
  } finally {
    clearTimeout(limit);
  }
}

async function startBrowserUntil(executablePath: string, signal: AbortSignal): Promise<Browser> {
  await clearDeadProfiles();
  // Ctrl-C came while this launch began: start nothing the cleanup would have to wait for.
  if (interrupted()) throw new EnvironmentError('interrupted before Chromium started');
  const profile = await mkdtemp(path.join(os.tmpdir(), `${PROFILE_PREFIX}${process.pid}-`));
  profiles.add(profile);
  let browser: Browser;
  try {
    if (interrupted()) throw new EnvironmentError('interrupted before Chromium started');
    // Loaded when a print is due: a build that reuses every print never pays for puppeteer.
    const { default: puppeteer } = await import('puppeteer-core');
    if (signal.aborted) throw new EnvironmentError('Chromium was no longer needed');
    const starting = puppeteer.launch({ ...launchOptions(executablePath, profile), signal });
    // An abort ends the wait at once: a launch puppeteer leaves unsettled once its process is gone
    // would hold the command open with nothing left to run (Node then exits 13, not 1).
    browser = await Promise.race([starting, abortedBy(signal)]).catch((error: unknown) => {
      starting.then(
        (late) => late.close(),
        () => undefined,
      );
      throw error;
    });
  } catch (error) {
    await removeProfile(profile);
    if (error instanceof EnvironmentError || signal.aborted) throw error;
    throw new EnvironmentError(
      `Chromium at ${executablePath} could not be started (${firstLine(error)}); reinstall it (Debian/Ubuntu: sudo apt-get install --reinstall chromium) or set PUPPETEER_EXECUTABLE_PATH to a working Chrome or Chromium`,
    );
  }
  open.set(browser, { profile, pid: browser.process()?.pid });
  // A crashed browser leaves helpers and a profile too.
  browser.once('disconnected', () => void end(browser, { graceful: false }));
  return browser;
}

function launchOptions(executablePath: string, profile: string): LaunchOptions {
  return {
    executablePath,
    pipe: true,
    headless: true,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    protocolTimeout: 120_000,
    userDataDir: profile,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
      '--font-render-hinting=none',
    ],
  };
}

/**
 * Closes a browser (asking it first when `graceful`), ends every helper process it started, then
 * removes its profile: Chromium's network and storage helpers outlive the browser by a moment and
 * would write the profile's folders again after it was removed. Once per browser.
 */
function end(browser: Browser, { graceful }: { graceful: boolean }): Promise<void> {
  const running = open.get(browser);
  if (!running) return Promise.resolve();
  running.ended ??= (async () => {
    // Asked for a limited time: a browser whose process is gone may never answer, and the group is killed next anyway.
    if (graceful && browser.connected)
      await within(
        CLOSE_WAIT_MS,
        browser.close().catch(() => undefined),
      );
    if (running.pid) await endProcessGroup(running.pid);
    await removeProfile(running.profile);
    open.delete(browser);
    stopClosingWhenIdle();
  })();
  return running.ended;
}

async function removeProfile(profile: string): Promise<void> {
  // Never fail a build over a temp folder: what stays is cleared at the next start.
  await removeChromiumTemp(profile);
  await rm(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 }).catch(() => undefined);
  profiles.delete(profile);
  stopClosingWhenIdle();
}

/**
 * Chromium's own folder in the temporary folder (org.chromium.Chromium.*, its singleton socket),
 * which a killed Chromium leaves behind: the profile's SingletonSocket link names it, so only this
 * browser's is removed, never another program's.
 */
async function removeChromiumTemp(profile: string): Promise<void> {
  const socket = await readlink(path.join(profile, 'SingletonSocket')).catch(() => undefined);
  const folder = socket && path.dirname(socket);
  if (folder && path.dirname(folder) === path.resolve(os.tmpdir()) && /^\.?org\.chromium\.Chromium\.\w+$/.test(path.basename(folder)))
    await rm(folder, { recursive: true, force: true }).catch(() => undefined);
}

/** Rejects when `signal` aborts; otherwise never settles (and holds nothing open). */
function abortedBy(signal: AbortSignal | undefined): Promise<never> {
  return new Promise((_, reject) => {
    if (!signal) return;
    const abort = () => reject(new EnvironmentError('Chromium was no longer needed'));
    if (signal.aborted) abort();
    else signal.addEventListener('abort', abort, { once: true });
  });
}

/** Waits for `work`, or `ms` at most; the timer goes with the work, so it never holds the process open. */
export async function within(ms: number, work: Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([work, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

function firstLine(error: unknown): string {
  return (
    (error instanceof Error ? error.message : String(error))
      .split('\n')
      .find((line) => line.trim())
      ?.trim() ?? 'unknown error'
  );
}

/** Profile folders whose process is gone: a build killed before it could remove its own. */
async function clearDeadProfiles(): Promise<void> {
  const entries = await readdir(os.tmpdir()).catch(() => [] as string[]);
  for (const name of entries.filter((entry) => entry.startsWith(PROFILE_PREFIX))) {
    const owner = Number(/^kaartenset-chromium-(\d+)-/.exec(name)?.[1]);
    if (owner && isProcessRunning(owner)) continue;
    await removeChromiumTemp(path.join(os.tmpdir(), name));
    await rm(path.join(os.tmpdir(), name), { recursive: true, force: true }).catch(() => undefined);
  }
}

export function closeBrowser(browser: Browser): Promise<void> {
  return end(browser, { graceful: true });
}

/** Closes every browser this process started, and removes their profiles: on Ctrl-C nothing may outlive the command. */
export async function closeAllBrowsers(): Promise<void> {
  const starting = await Promise.allSettled([...launching]);
  const started = starting.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  // Nothing is saved on an interrupt: the browsers end at once, not when they finish a print.
  await Promise.all([...new Set([...started, ...open.keys()])].map((browser) => end(browser, { graceful: false })));
  await Promise.all([...profiles].map(removeProfile));
}

let stopClosingOnInterrupt: (() => void) | undefined;

/** While a browser or its profile exists, an interrupt closes and removes it, before anything else is undone. */
function closeOnInterrupt(): void {
  stopClosingOnInterrupt ??= onInterrupt(closeAllBrowsers, { first: true });
}

function stopClosingWhenIdle(): void {
  if (open.size > 0 || launching.size > 0 || profiles.size > 0) return;
  stopClosingOnInterrupt?.();
  stopClosingOnInterrupt = undefined;
}

export async function withBrowser<T>(work: (browser: Browser) => Promise<T>): Promise<T> {
  const browser = await launchBrowser();
  try {
    return await work(browser);
  } finally {
    await closeBrowser(browser);
  }
}
