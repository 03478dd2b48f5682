#!/usr/bin/env node
// node bare-print.mjs CHROMIUM HTML OUT.pdf [HTML OUT.pdf]...: the least a command that prints HTML
// files to PDF with Chromium does (start node, load puppeteer, launch the browser, one page.pdf
// per file, write it, close), launched as the build launches it. Plain JavaScript, so nothing is
// transpiled first. The bench sets a cold build against this: both start from nothing.
import { writeFile } from 'node:fs/promises';
import puppeteer from 'puppeteer-core';

const [executablePath, ...files] = process.argv.slice(2);
const browser = await puppeteer.launch({
  executablePath,
  pipe: true,
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-dev-shm-usage',
    '--font-render-hinting=none',
  ],
});
try {
  for (let index = 0; index < files.length; index += 2) {
    const page = await browser.newPage();
    await page.goto(new URL(`file://${files[index]}`).href, { waitUntil: 'load' });
    await writeFile(files[index + 1], await page.pdf({ preferCSSPageSize: true, printBackground: true }));
    await page.close();
  }
} finally {
  await browser.close();
}
