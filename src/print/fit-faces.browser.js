// Runs inside the page (print build and dev preview alike), so it is plain JavaScript with no imports.
// Shrinks each [data-fit] box until its text fits, never below the deck's minimum font size,
// reports what still overflows and any text or picto outside the safe zone.
async (options) => {
  const PX_PER_PT = 96 / 72;
  const tolerance = 0.75;
  // Fonts the layout uses are loaded by now; unused ones stay unloaded, which costs nothing.
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
  for (const face of document.querySelectorAll('.face')) {
    const boxes = [];
    for (const box of face.querySelectorAll('[data-fit]')) {
      box.style.setProperty('--fit', '1');
      delete box.dataset.overflow;
      box.querySelectorAll('[data-overflow]').forEach((el) => delete el.dataset.overflow);
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
  return { fontErrors, faces };
}
