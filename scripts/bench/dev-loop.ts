// The designer's loop in `npm run bench`: a file saved, the open dev page showing it, through a real
// Chromium page. Kept apart from the build profile in bench.ts, which other work changes.
import { fs, path } from 'zx';
import { startDevServer, type DevChange } from '../../src/dev/dev-server.ts';
import { closeBrowser, launchBrowser, type Page } from '../../src/print/browser.ts';
import type { Figure } from './measure.ts';

const SAVES = 5;

export interface DevLoopFigures {
  /** One Dutch title in locales/nl.yaml: file written to the face in the page showing it, fitted. */
  text: Figure;
  /** One rule of templates/styles/cards.css: file written to the page's stylesheet applying it, faces fitted. */
  style: Figure;
  /**
   * Where the time of each kind of save goes, medians in ms: the watcher's event after the write,
   * the debounce, the server's re-render of the saved language (wall, and its CPU time, which the
   * machine's load does not stretch), the page from the update sent to the face shown.
   */
  phases: Record<'text' | 'style', Record<'watch' | 'wait' | 'server' | 'serverCpu' | 'page', number>>;
  /** The languages the server re-rendered for one Dutch save (the page shows nl with en beside it). */
  languagesPerTextSave: string[];
}

/**
 * Five saves of each kind into a copy of the project, with the dev page open on the SWAN deck in
 * Dutch with English beside it. Each save is timed from just before the file is written until the
 * page has the new content in its DOM and has fitted the faces it changed (`data-version`), by the
 * page's own clock (the same system clock, in ms).
 */
export async function benchDevLoop(repo: string, work: string): Promise<DevLoopFigures> {
  const root = path.join(work, 'dev');
  for (const shared of ['deck', 'templates', 'pictos']) await fs.cp(path.join(repo, shared), path.join(root, shared), { recursive: true });
  const server = await startDevServer({ root, deck: 'swan', port: 0, log: process.env.BENCH_DEV_LOG ? console.log : undefined });
  const changes: DevChange[] = [];
  server.changes.addEventListener('change', (event) => changes.push((event as CustomEvent<DevChange>).detail));
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1400, height: 900 });
    await page.goto(new URL('/?lang=nl&compare=en', server.url).href);
    await page.waitForFunction(() => document.body.dataset.version !== undefined && document.body.dataset.compareVersion !== undefined);
    // The page notes the clock when it counts a save as shown: the figure ends there, not when
    // puppeteer's answer reaches the bench.
    await page.evaluate(() => {
      const body = document.body;
      new MutationObserver(() => {
        body.dataset.shownAt = String(Date.now());
      }).observe(body, { attributes: true, attributeFilter: ['data-version'] });
    });
    const locale = path.join(root, 'deck', 'swan', 'locales', 'nl.yaml');
    const stylesheet = path.join(root, 'templates', 'styles', 'cards.css');
    const original = await fs.readFile(stylesheet, 'utf8');
    const text = await saves(page, changes, async (n) => {
      const before = await fs.readFile(locale, 'utf8');
      await fs.writeFile(locale, before.replace(/title: Zo werkt het.*/, `title: Zo werkt het ${n}`));
      return { text: `Zo werkt het ${n}` };
    });
    const style = await saves(page, changes, async (n) => {
      await fs.writeFile(stylesheet, `${original}\n.face { color: rgb(${n}, 0, 0); }\n`);
      return { colour: `rgb(${n}, 0, 0)` };
    });
    return {
      text: text.figure,
      style: style.figure,
      phases: { text: text.phases, style: style.phases },
      languagesPerTextSave: [...text.languages],
    };
  } finally {
    await closeBrowser(browser);
    await server.close();
  }
}

/** What the page shows once a save has reached it: a text on the Dutch faces, or the faces' text colour. */
type Shown = { text: string } | { colour: string };

/** Five saves made by `save` (which returns what the page must then show), each timed to the fitted page. */
async function saves(page: Page, changes: DevChange[], save: (n: number) => Promise<Shown>) {
  const totals: number[] = [];
  const phases = { watch: [] as number[], wait: [] as number[], server: [] as number[], serverCpu: [] as number[], page: [] as number[] };
  const languages = new Set<string>();
  // The server may still re-render another language after the page showed the save: it counts too.
  const settle = async () => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const change of changes) languages.add(change.language);
  };
  for (let n = 1; n <= SAVES; n++) {
    await settle();
    const version = await page.evaluate(() => Number(document.body.dataset.version));
    changes.length = 0;
    const started = performance.now();
    const startedAt = Date.now();
    const shown = await save(n);
    await page.waitForFunction(
      (v, wanted) => {
        if (Number(document.body.dataset.version) <= v) return false;
        if ('colour' in wanted) return getComputedStyle(document.querySelector('.face')!).color === wanted.colour;
        // Typography may set a no-break space between the words. (No named function here: tsx would wrap it in a helper the page lacks.)
        return [...document.querySelectorAll('[data-lang="nl"] [data-face]')].some((face) =>
          (face.textContent ?? '').replace(/\s+/g, ' ').includes(wanted.text),
        );
      },
      { polling: 'mutation', timeout: 20_000 },
      version,
      shown,
    );
    const ended = started + Number(await page.evaluate(() => document.body.dataset.shownAt)) - startedAt;
    totals.push(ended - started);
    const first = changes[0];
    if (first) {
      phases.watch.push(first.seenAt - started);
      phases.wait.push(first.startedAt - first.seenAt);
      phases.server.push(first.sentAt - first.startedAt);
      phases.serverCpu.push(first.cpuMs);
      phases.page.push(ended - first.sentAt);
    }
  }
  await settle();
  return {
    languages,
    figure: summary(totals),
    phases: Object.fromEntries(Object.entries(phases).map(([name, values]) => [name, summary(values).median])) as Record<
      keyof typeof phases,
      number
    >,
  };
}

function summary(values: number[]): Figure {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)] ?? Number.NaN, min: sorted[0]!, max: sorted.at(-1)!, runs: sorted.length };
}
