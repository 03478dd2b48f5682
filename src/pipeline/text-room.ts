import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BUNDLED_FONTS } from '../assets/fonts.ts';
import { projectPaths, type LoadedDeck } from '../deck/load-deck.ts';
import { flattenStrings, isTranslated } from '../deck/locale-strings.ts';
import type { TextRoom } from '../i18n/translation-table.ts';
import { browserScript } from '../print/browser-script.ts';
import { withBrowser } from '../print/browser.ts';
import { printFaces } from '../print/print-faces.ts';
import { FaceRenderer } from '../render/render-faces.ts';
import { withTempFolder } from '../shared/temp-folder.ts';
import { typeset } from '../typography/typography.ts';

const ROOM_SCRIPT = browserScript(new URL('./text-room.browser.js', import.meta.url));

/** The most characters a field is tried with: far more than any card holds. */
const LONGEST = 2000;

/**
 * The room of every card text of the decks, by deck:key: each deck's faces in its source language,
 * laid out by Chromium as a build lays them out, and in each box the fit pass shrinks, each text
 * replaced by its own words, repeated, as long as the box still holds it with its text at the
 * deck's minimum size (the other texts of the box as they are). Its own words, so the letters are
 * as wide as the language's; no soft hyphens, so a long word is not broken to make room. A
 * translation of that length fits; one much longer cannot, whatever the fit pass does.
 */
export async function measureTextRooms(root: string, decks: LoadedDeck[]): Promise<Map<string, TextRoom>> {
  const rooms = new Map<string, TextRoom>();
  if (decks.length === 0) return rooms;
  const project = projectPaths(root);
  await withTempFolder('kaartenset-room-', (dir) =>
    withBrowser(async (browser) => {
      for (const deck of decks) {
        const language = deck.meta.sourceLanguage;
        const locale = deck.locales.get(language)!.locale;
        const rendered = (await FaceRenderer.create(project, deck)).render(deck, {
          locale,
          language,
          assetUrl: (file) => pathToFileURL(file).href,
          hyphenate: false,
        });
        const htmlFile = path.join(dir, `${deck.meta.id}.html`);
        await writeFile(htmlFile, rendered.html);
        const texts = flattenStrings(locale.cards)
          .filter((entry) => isTranslated(entry.value))
          .map((entry) => ({
            key: ['cards', ...entry.path].join('.'),
            face: `${entry.path[0]}/front`,
            text: shownText(typeset(entry.value!, language, deck.meta.noBreak)),
          }));
        const options = { minFontPt: deck.meta.minFontSize, longest: LONGEST, texts };
        const printed = await printFaces(browser, {
          htmlFile,
          allowedFiles: [...BUNDLED_FONTS, ...deck.fonts].map((font) => font.file),
          minFontPt: deck.meta.minFontSize,
          bleedPt: deck.meta.bleed,
          safePt: deck.meta.safeZone,
          measureScript: `() => (${ROOM_SCRIPT})(${JSON.stringify(options)})`,
        });
        for (const { key, characters, pt } of printed.measured as Array<TextRoom & { key: string }>)
          rooms.set(`${deck.meta.id}:${key}`, { characters, pt });
      }
    }),
  );
  return rooms;
}

/** A card text as the face shows it: the markup (**, *, [words]{lang=xx}) gone. */
function shownText(text: string): string {
  return text
    .replace(/\[([^\]\n]+)\]\{lang=[^}]+\}/g, '$1')
    .replace(/\*\*(?=\S)(.+?)(?<=\S)\*\*/g, '$1')
    .replace(/\*(?=\S)(.+?)(?<=\S)\*/g, '$1');
}
