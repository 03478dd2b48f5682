// Runs inside the page (print build and dev preview alike), so it is plain JavaScript with no imports.
// Shrinks each [data-fit] box until its text fits, never below the deck's minimum font size,
// reports what still overflows and any text or picto outside the safe zone; for a print
// (`final`), settles the soft hyphens of the finished layout. `faces` (dev only) limits the work to
// those face elements: the ones a save changed, those on screen first.
async (options) => {
  const PX_PER_PT = 96 / 72;
  const tolerance = 0.75;
  const targets = [...(options.faces ?? document.querySelectorAll('.face'))];
  // Laying the faces out asks for the fonts they use, and ready then waits for those: a page that
  // has not laid them out yet (the dev page just loaded, or faces off screen, which it skips) has
  // asked for none, and would be fitted in a stand-in font. Unused fonts stay unloaded.
  for (const face of targets) face.getBoundingClientRect();
  await document.fonts.ready;
  const fontErrors = [...document.fonts]
    .filter((font) => font.status === 'error')
    .map((font) => `${font.family} ${font.weight} ${font.style}`);

  const overflows = (box) => box.scrollHeight > box.clientHeight + 1 || box.scrollWidth > box.clientWidth + 1;

  // The size most of the box's characters are set in: shrinking stops when it reaches the minimum;
  // smaller text (labels) is held at the minimum by its own CSS floor.
  const dominantFontPx = (box) => {
    const characters = new Map();
    const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const size = parseFloat(getComputedStyle(node.parentElement).fontSize);
      characters.set(size, (characters.get(size) ?? 0) + node.textContent.trim().length);
    }
    let dominant = 0;
    let most = -1;
    for (const [size, count] of characters) if (count > most) [dominant, most] = [size, count];
    return dominant;
  };

  // The field to shorten: the one whose removal alone lets the box fit (the tallest such, when
  // several do), else the tallest. A short field below a long one is pushed out, but is not the cause.
  const culprit = (box) => {
    const fields = [...box.querySelectorAll('[data-field]')].filter((field) => {
      const outer = field.parentElement.closest('[data-field]');
      return !outer || !box.contains(outer);
    });
    if (fields.length === 0) return 'content';
    const height = (field) => field.getBoundingClientRect().height;
    const relieving = fields.filter((field) => {
      const display = field.style.display;
      field.style.display = 'none';
      const fits = !overflows(box);
      field.style.display = display;
      return fits;
    });
    const pool = relieving.length > 0 ? relieving : fields;
    return pool.reduce((a, b) => (height(b) > height(a) ? b : a)).dataset.field;
  };

  const faces = [];
  for (const face of targets) {
    const boxes = [];
    for (const box of face.querySelectorAll('[data-fit]')) {
      box.style.setProperty('--fit', '1');
      delete box.dataset.overflow;
      for (const el of box.querySelectorAll('[data-overflow]')) delete el.dataset.overflow;
      let scale = 1;
      let overflow = overflows(box);
      if (overflow) {
        const minScale = Math.min(1, (options.minFontPt * PX_PER_PT) / dominantFontPx(box));
        box.style.setProperty('--fit', String(minScale));
        if (overflows(box)) {
          scale = minScale;
        } else {
          let low = minScale;
          let high = 1;
          for (let step = 0; step < 9; step++) {
            const middle = (low + high) / 2;
            box.style.setProperty('--fit', String(middle));
            if (overflows(box)) high = middle;
            else low = middle;
          }
          scale = low;
          box.style.setProperty('--fit', String(low));
          overflow = false;
        }
      }
      const field = overflow ? culprit(box) : undefined;
      if (overflow) {
        box.dataset.overflow = 'true';
        box.querySelector(`[data-field="${field}"]`)?.setAttribute('data-overflow', 'true');
      }
      boxes.push({ scale, overflow, field, textPt: dominantFontPx(box) / PX_PER_PT });
    }

    const rect = face.getBoundingClientRect();
    const inset = (options.bleedPt + options.safePt) * PX_PER_PT;
    const safe = { left: rect.left + inset, top: rect.top + inset, right: rect.right - inset, bottom: rect.bottom - inset };
    const outside = [];
    for (const element of face.querySelectorAll('[data-field], .picto')) {
      if (element.closest('[data-overflow]')) continue;
      const r = element.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      const by = Math.max(safe.left - r.left, safe.top - r.top, r.right - safe.right, r.bottom - safe.bottom);
      if (by > tolerance) outside.push({ field: element.dataset.field ?? 'picto', byPt: by / PX_PER_PT });
    }
    faces.push({ id: face.dataset.face, boxes, outside });
  }
  // Only a print's layout is final: the dev page fits the same text again after each save.
  if (options.final) keepSoftHyphensWhereLinesBreak();
  return { fontErrors, faces };

  // Chromium writes every soft hyphen into the PDF as text of its own (an ActualText of U+00AD),
  // so a word copied from the card or searched for in a viewer reads "in\u00adter\u00adven\u00adties",
  // and one broken at a line end "in\u00ad\u2010". Soft hyphens where no line breaks are break
  // opportunities not taken: they go, and the lines stay as they were. Where a line
  // breaks at one, the hyphen Chromium drew (U+2010) takes its place, a break opportunity of its
  // own of about the same width, so the line still ends there. A text whose lines would move all
  // the same keeps its soft hyphens where lines break, or, failing that, all of them.
  function keepSoftHyphensWhereLinesBreak() {
    const SOFT_HYPHEN = '\u00ad';
    const HYPHEN = '\u2010';
    const range = document.createRange();
    const rectsOf = (node, index) => {
      range.setStart(node, index);
      range.setEnd(node, index + 1);
      return range.getClientRects();
    };
    const widthOf = (node, index) => {
      range.setStart(node, index);
      range.setEnd(node, index + 1);
      return range.getBoundingClientRect().width;
    };
    // The letter after is on a later line. (A soft hyphen inside a ligature, "dif\u00adfer", has a
    // share of its width, so width alone does not tell.)
    const endsLine = (node, index) => {
      const [here] = rectsOf(node, index);
      const next = [...rectsOf(node, index + 1)].at(-1);
      return Boolean(here && next) && next.top >= here.bottom - here.height / 2;
    };
    const texts = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.data.includes(SOFT_HYPHEN)) continue;
      // Two ways to settle a text, tried in turn: every soft hyphen replaced, or (where the hyphen,
      // now kerned with the letter before, no longer fits the line) only those not taken.
      const replaced = { data: '', breaks: [] };
      const pruned = { data: '', breaks: [] };
      for (let index = 0; index < node.data.length; index++) {
        const character = node.data[index];
        if (character !== SOFT_HYPHEN) {
          replaced.data += character;
          pruned.data += character;
        } else if (index === node.data.length - 1 || endsLine(node, index)) {
          const width = widthOf(node, index);
          replaced.breaks.push({ at: replaced.data.length, width });
          pruned.breaks.push({ at: pruned.data.length, width });
          replaced.data += index === node.data.length - 1 ? SOFT_HYPHEN : HYPHEN;
          pruned.data += SOFT_HYPHEN;
        }
      }
      texts.push({ node, ways: [replaced, pruned, { data: node.data, breaks: [] }], box: node.parentElement.getBoundingClientRect() });
    }
    let unsettled = texts;
    while (unsettled.length > 0) {
      for (const { node, ways } of unsettled) node.data = ways[0].data;
      unsettled = unsettled.filter(({ node, ways, box }) => {
        if (ways.length === 1) return false;
        // Kerning moves a hyphen by a hair; a hyphen from another font, or a line that moves, more.
        const leeway = 0.05 * parseFloat(getComputedStyle(node.parentElement).fontSize);
        const now = node.parentElement.getBoundingClientRect();
        const moved = ['top', 'left', 'bottom', 'right'].some((side) => Math.abs(now[side] - box[side]) > leeway);
        const stays =
          !moved &&
          ways[0].breaks.every(
            ({ at, width }) => at === node.data.length - 1 || (Math.abs(widthOf(node, at) - width) <= leeway && endsLine(node, at)),
          );
        if (!stays) ways.shift();
        return !stays;
      });
    }
  }
};
