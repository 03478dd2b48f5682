import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { EnvironmentError } from '../shared/errors.ts';

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
    if (existsSync(configured)) return configured;
    throw new EnvironmentError(`PUPPETEER_EXECUTABLE_PATH points to ${configured}, which does not exist`);
  }
  const found = CANDIDATES.find((candidate) => existsSync(candidate));
  if (found) return found;
  throw new EnvironmentError(
    'no Chromium found. Install the system package (Debian/Ubuntu: sudo apt-get install chromium) ' +
      'or set PUPPETEER_EXECUTABLE_PATH to a Chrome or Chromium binary.',
  );
}

const open = new Set<{ browser: Browser; profile: string }>();
/** Launches not finished yet: an interrupt must close these too, or a detached Chromium outlives us. */
const launching = new Set<Promise<Browser>>();

/** Starts a headless system Chromium with a fresh profile and no background traffic. */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = findChromium();
  const profile = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-chromium-'));
  const launch = puppeteer.launch({
    executablePath,
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
  });
  launching.add(launch);
  const browser = await launch.finally(() => launching.delete(launch));
  const entry = { browser, profile };
  open.add(entry);
  browser.once('disconnected', () => {
    open.delete(entry);
    // Chromium may still be flushing its profile as it exits: retry, and never fail the build over a temp folder.
    void rm(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 }).catch(() => undefined);
  });
  return browser;
}

export async function closeBrowser(browser: Browser): Promise<void> {
  const process = browser.process();
  await browser.close().catch(() => process?.kill('SIGKILL'));
}

/** Closes every browser this process started: on Ctrl-C nothing may outlive the command. */
export async function closeAllBrowsers(): Promise<void> {
  const starting = await Promise.allSettled([...launching]);
  const started = starting.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  await Promise.all([...started, ...[...open].map(({ browser }) => browser)].map((browser) => closeBrowser(browser)));
}

export async function withBrowser<T>(work: (browser: Browser) => Promise<T>): Promise<T> {
  const browser = await launchBrowser();
  try {
    return await work(browser);
  } finally {
    await closeBrowser(browser);
  }
}
