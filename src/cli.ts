import { Command, CommanderError, Option } from 'commander';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  EnvironmentError,
  fileProblem,
  formatProblem,
  InputError,
  problemJson,
  ProblemError,
  UsageError,
  type Problem,
} from './shared/errors.ts';
import type { LoadedDeck } from './deck/load-deck.ts';
import { CARD_SIZES } from './starter/card-sizes.ts';
import { languageCodeProblem } from './shared/language-code.ts';
import { exitOnInterrupt, interruptExitCode, interrupted } from './shared/interrupts.ts';

// Only commander and the error classes load up front: each command imports what it uses when it
// runs, so `--help` and `check` do not pay for the browser, PDF and image libraries.

/** Exit codes follow the ecosystem: 1 build or validation error (and a bug), 2 bad usage, 130 interrupted. */
const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/**
 * With --json a command prints one JSON document on standard output ({ "problems": [...], ...its
 * summary }, schema/problems.schema.json), and what it says to people goes to standard error.
 */
let json = false;
/** Lines for people: standard output, or standard error while standard output carries JSON. */
/** The last step the command reported: named if the command ever stops waiting with nothing left to run. */
let lastSaid = 'the start';
const say = (line: string) => {
  lastSaid = line;
  if (json) console.error(line);
  else console.log(line);
};

function printJson(problems: Problem[], summary: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ problems: problems.map((problem) => problemJson(problem)), ...summary }, null, 2)}\n`);
}

const jsonOption = () =>
  new Option(
    '--json',
    'print the problems and a summary as JSON on standard output (schema/problems.schema.json); the usual lines go to standard error',
  );

/**
 * A list flag: comma-separated and repeatable, `--deck swan,besluitmodellen` or
 * `--deck swan --deck besluitmodellen`. (Not variadic: that would swallow positional arguments.)
 */
function listOption(flags: string, description: string): Option {
  return new Option(flags, description).argParser((value: string, previous: string[] | undefined) => [
    ...(previous ?? []),
    ...(splitList(value) ?? []),
  ]);
}

/** A list of language codes, comma-separated or repeated, each checked. */
function languageList(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...(splitList(value) ?? []).map((code) => languageCode('--lang', code))];
}

/** --deck as every command takes it: folders or ids, every deck under deck/ when absent. */
const decksOption = () =>
  listOption('--deck <decks>', 'deck folders or ids, comma-separated or repeated (default: every folder under deck/)');

const program = new Command('kaartenset')
  .description('Build card decks from YAML: print-ready PDFs, imposed sheets, previews and a fillable worksheet.')
  .version(VERSION, '-V, --version', 'print the version')
  .option('--root <dir>', 'project folder holding deck/, templates/ and pictos/', process.cwd())
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

program
  .command('check')
  .description(
    "validate decks without building: every problem with file:line:col; writes nothing (`kaartenset schema` writes the editors' schemas)",
  )
  .addOption(decksOption())
  .addOption(
    listOption(
      '--lang <codes>',
      'check these languages as `build --lang` would: their missing and unfinished strings are errors, other languages are not',
    ),
  )
  .addOption(
    listOption(
      '--vendor <ids>',
      'also check that each deck can be made for these print-on-demand presets (templates/vendors/): its bleed is at least theirs',
    ),
  )
  .addOption(jsonOption())
  .action(async (options: { deck?: string[]; lang?: string[]; vendor?: string[]; json?: boolean }) => {
    json = Boolean(options.json);
    const [{ checkProject }, { projectPaths }, { loadVendorPresets }] = await Promise.all([
      import('./check/check-decks.ts'),
      import('./deck/load-deck.ts'),
      import('./deck/vendor-presets.ts'),
    ]);
    const languages = options.lang ?? [];
    const project = projectPaths(path.resolve(rootOption()));
    const vendors = await loadVendorPresets(project.templatesDir, options.vendor ?? []);
    const report = await checkProject(project, options.deck ?? [], { languages, vendors });
    // What stops a build before printing: the unfinished translations of the languages it makes.
    const { unfinishedTranslations } = await import('./i18n/status.ts');
    for (const result of report.decks)
      for (const language of languages.length > 0 ? languages : (result.deck?.meta.languages ?? []))
        if (result.deck) result.problems.push(...(await unfinishedTranslations(result.deck, language)).map(({ problem }) => problem));
    if (report.decks.length === 0)
      throw new InputError([
        fileProblem('no-decks', path.join(rootOption(), 'deck'), 'no deck folders found (a deck folder holds deck.yaml)'),
      ]);
    for (const problem of report.shared) console.error(formatProblem(problem));
    let errors = report.shared.filter((p) => p.severity === 'error').length;
    if (report.shared.length > 0) say(`templates: ${errors === 0 ? 'ok' : `${errors} error(s)`}`);
    const decks = [];
    for (const result of report.decks) {
      for (const problem of result.problems) console.error(formatProblem(problem));
      const count = result.problems.filter((p) => p.severity === 'error').length;
      const warnings = result.problems.length - count;
      errors += count;
      const name = path.relative(process.cwd(), result.dir) || result.dir;
      say(`${name}: ${count === 0 ? 'ok' : `${count} error(s)`}${warnings ? `, ${warnings} warning(s)` : ''}`);
      decks.push({ deck: name, errors: count, warnings });
    }
    if (json) printJson([...report.shared, ...report.decks.flatMap((deck) => deck.problems)], { decks });
    process.exitCode = errors > 0 ? EXIT.failed : EXIT.ok;
  });

program
  .command('schema')
  .description(
    "write each deck's locale.schema.json beside its deck.yaml: the fields its templates declare, which editors check locales with (build writes them too)",
  )
  .addOption(decksOption())
  .action(async (options: { deck?: string[] }) => {
    const [{ writeLocaleSchemas }, { projectPaths }] = await Promise.all([
      import('./deck/locale-schema-file.ts'),
      import('./deck/load-deck.ts'),
    ]);
    const results = await writeLocaleSchemas(projectPaths(rootOption()), options.deck ?? []);
    if (results.length === 0)
      throw new InputError([
        fileProblem('no-decks', path.join(rootOption(), 'deck'), 'no deck folders found (a deck folder holds deck.yaml)'),
      ]);
    const problems = results.flatMap((result) => result.problems);
    for (const result of results) {
      const name = path.relative(process.cwd(), result.file) || result.file;
      if (result.problems.length === 0) console.log(result.written ? `wrote ${name}` : `${name}: up to date`);
    }
    if (problems.length > 0) throw new InputError(problems);
  });

program
  .command('build')
  .description('build print-ready PDFs, sheets and previews for every deck and language')
  .addOption(decksOption())
  .addOption(
    listOption('--lang <codes>', "languages, comma-separated or repeated (default: each deck's languages)").argParser(languageList),
  )
  .addOption(new Option('--out <dir>', 'output folder').default('dist'))
  .addOption(new Option('--no-previews', 'skip PNG/WebP previews and the contact sheet'))
  .addOption(new Option('--allow-missing', 'build languages with missing strings; the source text shows there'))
  .addOption(
    new Option(
      '--allow-unfinished',
      'print unfinished translations (fuzzy, stale, same as source …) as they are; manifest.json and preflight.txt list them',
    ),
  )
  .addOption(new Option('--force', 'print everything again instead of reusing unchanged prints from the cache'))
  .addOption(new Option('--chunk-size <faces>', 'faces per Chromium print, for very large decks').default('300'))
  .addOption(new Option('--jobs <n>', 'deck-language sets built at once').default('2'))
  .addOption(new Option('--cmyk', 'also write CMYK PDF/X press sheets, X-3 or X-1a as the sheet profile says (needs Ghostscript)'))
  .addOption(
    listOption(
      '--vendor <ids>',
      'print-on-demand presets from templates/vendors/, comma-separated or repeated: drivethrucards, makeplayingcards, thegamecrafter',
    ),
  )
  .addOption(
    new Option(
      '--icc <file>',
      "the print shop's CMYK ICC profile, for --cmyk and a vendor's CMYK PDF: separates for it and names it as the output intent",
    ),
  )
  .addOption(
    new Option(
      '--wait [seconds]',
      'when another build is writing into --out, wait for it to finish (at most this long, default 600) instead of refusing',
    ),
  )
  .addOption(jsonOption())
  .action(
    async (options: {
      deck?: string[];
      lang?: string[];
      out: string;
      previews: boolean;
      cmyk?: boolean;
      icc?: string;
      vendor?: string[];
      allowMissing?: boolean;
      allowUnfinished?: boolean;
      force?: boolean;
      chunkSize: string;
      jobs: string;
      wait?: string | true;
      json?: boolean;
    }) => {
      json = Boolean(options.json);
      const chunkSize = positiveWhole('--chunk-size', options.chunkSize);
      const jobs = positiveWhole('--jobs', options.jobs);
      const waitSeconds = options.wait === true ? 600 : options.wait === undefined ? 0 : positiveWhole('--wait', options.wait);
      const { buildDecks } = await import('./pipeline/build-decks.ts');
      const started = performance.now();
      const summary = await buildDecks({
        root: rootOption(),
        out: path.resolve(options.out),
        decks: options.deck,
        languages: options.lang,
        previews: options.previews,
        cmyk: options.cmyk,
        icc: options.icc,
        vendors: options.vendor,
        allowMissing: options.allowMissing,
        allowUnfinished: options.allowUnfinished,
        force: options.force,
        chunkSize,
        jobs,
        waitSeconds,
        // Once Ctrl-C is being handled, the sets still winding down are no news.
        log: (line) => {
          if (!interrupted()) say(line);
        },
      });
      for (const warning of summary.warnings) console.warn(`warning: ${warning}`);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const { printed, reused } = summary.prints;
      const made = summary.builds.length - summary.unchanged;
      const where = path.relative(process.cwd(), summary.out);
      say(
        `built ${summary.builds.length} deck-language set(s) into ${where && !where.startsWith('..') ? where : summary.out} in ${seconds} s: ${made} made (${printed} Chromium print(s), ${reused} print(s) reused from the cache), ${summary.unchanged} already current`,
      );
      if (json)
        printJson(summary.problems, {
          out: where && !where.startsWith('..') ? where : summary.out,
          sets: summary.builds,
          made,
          unchanged: summary.unchanged,
          prints: summary.prints,
          profile: summary.profile,
          seconds: Number(seconds),
        });
    },
  );

program
  .command('preflight')
  .description('check finished PDFs as a print shop would: boxes, fonts, images, hairlines, bleed, total ink, duplex')
  .argument('<files...>', 'PDF files')
  .addOption(new Option('--min-bleed <length>', 'least bleed a page must carry (default: the bleed the file declares, else 3mm)'))
  .addOption(
    new Option(
      '--ink-limit <percent>',
      "the press's total ink limit, e.g. 240: measured on every file (PDF/X files are held to 300 % without it)",
    ),
  )
  .addOption(
    new Option(
      '--min-text <pt>',
      "the cards' smallest text size in pt, e.g. 7: every text of a file of faces, the text inside the faces of a sheet (default: what the file names, else 5 pt for all text)",
    ),
  )
  .addOption(jsonOption())
  .action(async (files: string[], options: { minBleed?: string; inkLimit?: string; minText?: string; json?: boolean }) => {
    json = Boolean(options.json);
    const { parseLength } = await import('./deck/units.ts');
    const { formatReports, preflightFiles } = await import('./preflight/preflight.ts');
    const minBleed = options.minBleed === undefined ? undefined : parseLength(options.minBleed);
    if (options.minBleed !== undefined && minBleed === undefined)
      throw new CommanderError(2, 'kaartenset.usage', `--min-bleed: "${options.minBleed}" is not a length such as 3mm or 0.125in`);
    const inkLimit = options.inkLimit === undefined ? undefined : Number(options.inkLimit.replace(/\s*%$/, ''));
    if (inkLimit !== undefined && !(inkLimit >= 100 && inkLimit <= 400))
      throw new CommanderError(
        2,
        'kaartenset.usage',
        `--ink-limit: "${options.inkLimit}" is not a percentage from 100 to 400, such as 300 or 240`,
      );
    const minCardText = options.minText === undefined ? undefined : Number(options.minText.replace(/\s*pt$/, ''));
    if (minCardText !== undefined && !(minCardText >= 4 && minCardText <= 24))
      throw new CommanderError(2, 'kaartenset.usage', `--min-text: "${options.minText}" is not a size in points from 4 to 24, such as 7`);
    const { stopPdfReader } = await import('./pdf/pdf-reader.ts');
    // Every file is checked: a folder, a missing or unreadable file is one line, and the others are still reported.
    const { reports, problems } = await preflightFiles(
      files.map((file) => path.resolve(file)),
      { minBleed, inkLimit, minCardText },
    ).finally(stopPdfReader);
    if (reports.length > 0) say(formatReports(reports));
    for (const problem of problems) console.error(formatProblem(problem));
    if (json)
      printJson([...problems, ...reports.flatMap((report) => report.problems)], {
        files: reports.map(({ file, pages, ok, checks }) => ({ file: path.relative(process.cwd(), file) || file, pages, ok, checks })),
      });
    process.exitCode = problems.length === 0 && reports.every((report) => report.ok) ? EXIT.ok : EXIT.failed;
  });

program
  .command('proof')
  .description(
    'show what changed between the build in --out and an earlier one, card by card: proof/index.html and a proof.pdf to sign off',
  )
  .requiredOption('--against <folder|revision>', 'an earlier build folder, or a git revision to build from a temporary worktree')
  .addOption(new Option('--out <dir>', 'the build to proof').default('dist'))
  .addOption(new Option('--proof-dir <dir>', 'where the proof documents go (not inside --out)').default('proof'))
  .addOption(
    new Option(
      '--changed-only',
      'write only <deck>/<lang>/<deck>-<lang>-changed-cards.pdf: the changed cards, front and back, for a partial reprint',
    ),
  )
  .addOption(new Option('--json', 'print the changes as JSON on standard output (schema/proof.schema.json)'))
  .action(async (options: { against: string; out: string; proofDir: string; changedOnly?: boolean; json?: boolean }) => {
    json = Boolean(options.json);
    const { runProof, proofJson, proofLines } = await import('./proof/proof.ts');
    const { comparison, files } = await runProof({ root: rootOption(), ...options, log: (line) => console.error(line) });
    for (const line of proofLines(comparison)) say(line);
    say(
      comparison.changed
        ? `${comparison.before} → ${comparison.after}: changed`
        : `${comparison.before} → ${comparison.after}: nothing changed`,
    );
    for (const file of files) say(`wrote ${path.relative(process.cwd(), file) || file}`);
    if (json) printJson([], proofJson(comparison));
    process.exitCode = comparison.changed ? EXIT.failed : EXIT.ok;
  });

program
  .command('dev')
  .description('live preview for designers: every face at true size, guides, overflow flags, reload on save')
  .addOption(new Option('--deck <dir>', 'deck folder or id (default: the deck with the most cards)'))
  .addOption(
    new Option('--lang <code>', 'language to open with (default: the source language)').argParser((value: string) =>
      languageCode('--lang', value),
    ),
  )
  .addOption(new Option('--port <n>', 'port on 127.0.0.1').default('4321'))
  .addOption(new Option('--out <dir>', 'the build whose faces it marks when they changed since').default('dist'))
  .action(async (options: { deck?: string; lang?: string; port: string; out: string }) => {
    const port = Number(options.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new CommanderError(2, 'kaartenset.usage', `--port: "${options.port}" is not a port number`);
    const { startDevServer } = await import('./dev/dev-server.ts');
    const server = await startDevServer({
      root: rootOption(),
      deck: options.deck,
      language: options.lang,
      port,
      out: path.resolve(options.out),
      log: (line) => console.log(line),
    });
    console.log(`kaartenset dev: ${server.url}  (Ctrl-C stops)`);
    await new Promise(() => undefined);
  });

program
  .command('new')
  .description(
    'start a new deck under deck/<name>/ that builds at once: deck.yaml, cards.yaml, locales, its own template, stylesheet and picto',
  )
  .argument('<name>', 'deck id and folder name, e.g. my-deck')
  .addOption(
    new Option('--size <size>', `card size: ${Object.keys(CARD_SIZES).join(', ')}, or WxH with a unit (70x100mm, 2.5x3.5in)`).default(
      'poker',
    ),
  )
  .addOption(
    listOption('--lang <codes>', 'languages, comma-separated or repeated, the first is the source (default: en)').argParser(languageList),
  )
  .action(async (name: string, options: { size: string; lang?: string[] }) => {
    const { createDeck } = await import('./starter/new-deck.ts');
    const created = await createDeck(rootOption(), name, {
      size: options.size,
      languages: options.lang && options.lang.length > 0 ? options.lang : ['en'],
    });
    for (const file of created.files) console.log(`wrote ${path.relative(process.cwd(), file)}`);
    if (created.untranslated.length > 0) {
      console.log(`${created.untranslated.join(', ')}: translate the empty values, then add the language to languages in deck.yaml`);
    }
    console.log(`Next: npx kaartenset dev --deck ${name}   (live preview)\n      npx kaartenset build --deck ${name}`);
  });

const i18n = program.command('i18n').description('translation: status, add a language, spreadsheet round trip');

i18n
  .command('status')
  .description('per deck and language: strings finished, missing, unfinished (stale, fuzzy, same as source …) and extra')
  .addOption(decksOption())
  .addOption(new Option('--strict', 'exit 1 when anything is missing, unfinished or extra'))
  .addOption(jsonOption())
  .action(async (options: { deck?: string[]; strict?: boolean; json?: boolean }) => {
    json = Boolean(options.json);
    const { statusOfDecks } = await import('./i18n/commands.ts');
    const statuses = await statusOfDecks(rootOption(), options.deck ?? []);
    say(['deck', 'language', 'translated', 'missing', 'unfinished', 'extra'].map((h, i) => h.padEnd(i < 2 ? 16 : 11)).join(''));
    for (const s of statuses) {
      const name = s.source ? `${s.language} (source)` : s.language;
      say(
        [s.deck, name, `${s.translated}/${s.total}`, String(s.missing.length), String(s.unfinished.length), String(s.extra.length)]
          .map((v, i) => v.padEnd(i < 2 ? 16 : 11))
          .join(''),
      );
      const byState = new Map<string, string[]>();
      for (const { key, state } of s.unfinished) byState.set(state, [...(byState.get(state) ?? []), key]);
      for (const [label, keys] of [['missing', s.missing], ...byState, ['extra', s.extra]] as Array<[string, string[]]>) {
        if (keys.length > 0) say(`    ${label}: ${keys.slice(0, 6).join(', ')}${keys.length > 6 ? `, … (${keys.length - 6} more)` : ''}`);
      }
    }
    if (json)
      printJson(
        statuses.flatMap((s) => s.problems),
        { languages: statuses.map(({ problems: _, ...status }) => status) },
      );
    const open = statuses.some((s) => s.missing.length > 0 || s.unfinished.length > 0 || s.extra.length > 0);
    process.exitCode = options.strict && open ? EXIT.failed : EXIT.ok;
  });

i18n
  .command('add')
  .description('scaffold locales/<lang>.yaml in every deck: each source string as a comment above an empty value')
  .argument('<lang>', 'language code, e.g. de', (value: string) => languageCode('<lang>', value))
  .addOption(decksOption())
  .action(async (language: string, options: { deck?: string[] }) => {
    const { addLanguage } = await import('./i18n/commands.ts');
    for (const file of await addLanguage(rootOption(), language, options.deck ?? []))
      console.log(`wrote ${path.relative(process.cwd(), file)}`);
    console.log(`Translate the empty values, then: npx kaartenset i18n status; npx kaartenset build --lang ${language}`);
  });

i18n
  .command('export')
  .description('write the strings for translating: CSV for a spreadsheet, gettext PO (Poedit, Weblate), or XLIFF 1.2/2.0 (CAT tools)')
  .argument('<lang>', 'language code', (value: string) => languageCode('<lang>', value))
  .addOption(new Option('--out <file>', 'the file: .csv, .po, or .xlf/.xliff; - for standard output (CSV)'))
  .addOption(new Option('--xliff-version <version>', 'XLIFF version for .xlf/.xliff').choices(['1.2', '2.0']).default('1.2'))
  .addOption(decksOption())
  .addOption(
    new Option('--no-measure', 'leave out how long each card text may be (measured in the cards’ boxes by Chromium: seconds a deck)'),
  )
  .action(async (language: string, options: { out?: string; deck?: string[]; xliffVersion: '1.2' | '2.0'; measure: boolean }) => {
    const out = options.out ?? `${language}.csv`;
    const { exportLanguage, formatOf } = await import('./i18n/commands.ts');
    const { writeUserFile } = await import('./shared/atomic-write.ts');
    const root = rootOption();
    // Without a Chromium the file is still written, its notes without lengths: a translator may have none.
    const measure = async (decks: LoadedDeck[]) =>
      (await import('./pipeline/text-room.ts')).measureTextRooms(root, decks).catch((error: unknown) => {
        if (!(error instanceof EnvironmentError)) throw error;
        console.error(`warning: ${error.message}; the notes say where each card text prints, not how long it may be`);
        return new Map();
      });
    const table = await exportLanguage(
      root,
      language,
      options.deck ?? [],
      out === '-' ? 'csv' : formatOf(out),
      options.xliffVersion,
      options.measure ? measure : undefined,
    );
    if (out === '-') process.stdout.write(table);
    else {
      await writeUserFile(out, table);
      console.log(`wrote ${out}`);
    }
  });

i18n
  .command('import')
  .description('read a translated CSV, PO or XLIFF file back into locales/<lang>.yaml and report what changed')
  .argument('<lang>', 'language code', (value: string) => languageCode('<lang>', value))
  .argument('<file>', 'the .csv (any encoding and separator a spreadsheet saves), .po, or .xlf/.xliff file')
  .addOption(
    new Option(
      '--accept',
      "the translations were checked against today's source texts: record them as current even where the file carries an older source or marks them for review",
    ),
  )
  .addOption(new Option('--dry-run', 'report what the import would change, and write nothing'))
  .addOption(decksOption())
  .action(async (language: string, file: string, options: { deck?: string[]; accept?: boolean; dryRun?: boolean }) => {
    const { importLanguage } = await import('./i18n/commands.ts');
    const { importReport } = await import('./i18n/import-report.ts');
    const result = await importLanguage(rootOption(), language, path.resolve(file), options.deck ?? [], {
      accept: options.accept,
      dryRun: options.dryRun,
    });
    if (result.problems.length > 0) throw new InputError(result.problems);
    for (const line of importReport(result, language, file)) console.log(line);
  });

i18n
  .command('lock')
  .description("record that translations match today's source texts (clears stale): all of a language, or the keys named")
  .argument('<lang>', 'language code', (value: string) => languageCode('<lang>', value))
  .argument('[keys...]', 'only these strings: cards.r1-security.title, or swan:cards.r1-security.title for one deck')
  .addOption(decksOption())
  .action(async (language: string, keys: string[], options: { deck?: string[] }) => {
    const { lockLanguage } = await import('./i18n/commands.ts');
    const locked = await lockLanguage(rootOption(), language, options.deck ?? [], keys);
    console.log(keys.length > 0 ? `locked ${locked.join(', ')}` : `locked ${locked.length} translations`);
  });

i18n
  .command('refresh')
  .description("rewrite the comment above each string in locales/<lang>.yaml to today's source text (stale strings stay stale)")
  .argument('<lang>', 'language code', (value: string) => languageCode('<lang>', value))
  .addOption(decksOption())
  .action(async (language: string, options: { deck?: string[] }) => {
    const { refreshComments } = await import('./i18n/commands.ts');
    const refreshed = await refreshComments(rootOption(), language, options.deck ?? []);
    for (const { file, comments } of refreshed)
      console.log(`refreshed ${comments} comment${comments === 1 ? '' : 's'} in ${path.relative(process.cwd(), file)}`);
    if (refreshed.length === 0) console.log("every comment shows today's source text already");
  });

/** A language code option or argument, checked before it can name a file (`--lang ../x` would). */
function languageCode(flag: string, value: string): string {
  const problem = languageCodeProblem(value);
  if (problem) throw new CommanderError(2, 'kaartenset.usage', `${flag}: ${problem}`);
  return value;
}

function positiveWhole(flag: string, value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1)
    throw new CommanderError(2, 'kaartenset.usage', `${flag}: "${value}" is not a positive whole number`);
  return number;
}

function splitList(value: string | undefined): string[] | undefined {
  const items = value
    ?.split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  return items && items.length > 0 ? items : undefined;
}

function rootOption(): string {
  return path.resolve(program.opts<{ root: string }>().root);
}

/** Ctrl-C, SIGTERM and SIGHUP undo what is under way (browsers, staging folders, locks), then exit 130, 143 or 129; with nothing under way they end the command at once. */
exitOnInterrupt();
// A bug in work nobody awaits is told as any other bug: one line and a log, never a stack (after
// Ctrl-C, what fails as things close under the command is no news: the exit is the signal's).
const uncaught = (error: unknown) =>
  void (interrupted() ? Promise.resolve(interruptExitCode()) : internalError(error)).then((code) => process.exit(code));
process.on('uncaughtException', uncaught);
process.on('unhandledRejection', uncaught);

// A command whose awaited work can never settle (nothing left to run) would end with Node's bare exit 13:
// it is a bug, told as one, with the step it stopped after.
let commandEnded = false;
process.once('beforeExit', () => {
  if (commandEnded || interrupted()) return;
  void internalError(new Error(`the command stopped waiting with nothing left to run, after "${lastSaid}"`)).then((code) =>
    process.exit(code),
  );
});

try {
  await program.parseAsync(process.argv);
} catch (error) {
  // After Ctrl-C, what fails as the cleanup closes things under the build is no news: the exit is 130.
  if (interrupted()) process.exitCode = interruptExitCode();
  else process.exitCode = await exitCodeFor(error);
}
commandEnded = true;

async function exitCodeFor(error: unknown): Promise<number> {
  if (error instanceof CommanderError) {
    if (error.code === 'kaartenset.usage') console.error(`kaartenset: ${error.message}`);
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0) return EXIT.ok;
    return EXIT.usage;
  }
  // A user's mistake (an input, a folder, a missing tool): its problems, no stack.
  if (error instanceof ProblemError) {
    if (error instanceof InputError) console.error(error.message);
    else console.error(`kaartenset: ${error.message}`);
    if (json) printJson(error.problems);
    return error instanceof UsageError ? EXIT.usage : EXIT.failed;
  }
  return internalError(error);
}

/** A bug: one line, and the whole of it (stack in source lines, causes) in a log file to report. */
async function internalError(error: unknown): Promise<number> {
  try {
    const { writeCrashLog } = await import('./shared/crash-log.ts');
    const crash = writeCrashLog(error, { version: VERSION, argv: process.argv.slice(2) });
    const where = crash.file ? `the log at ${crash.file}` : 'the command you ran (no log could be written)';
    console.error(`kaartenset: internal error: ${crash.message} — please report it with ${where}`);
    if (json) printJson([{ code: 'internal-error', severity: 'error', message: crash.message, hint: `please report it with ${where}` }]);
  } catch {
    console.error(
      `kaartenset: internal error: ${error instanceof Error ? error.message.split('\n')[0] : String(error)} — please report it`,
    );
  }
  return EXIT.failed;
}
