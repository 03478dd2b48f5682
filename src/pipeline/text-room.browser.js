// Runs inside the printed page of a deck's source-language faces, after the fit pass: for each card
// text in a box the fit pass shrinks, the most characters of its own words (repeated) that the box
// holds with its text at the deck's minimum size, the other texts of the box as they are.
(options) => {
  const PX_PER_PT = 96 / 72;
  const overflows = (box) => box.scrollHeight > box.clientHeight + 1 || box.scrollWidth > box.clientWidth + 1;
  const squeeze = (text) => text.replace(/\s+/g, '');
  // As the fit pass counts it: the size most of the box's characters are set in.
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
  // The innermost element that holds exactly this text (a title, a list item, the example's paragraph).
  const holderOf = (face, text, taken) => {
    const wanted = squeeze(text);
    const candidates = [...face.querySelectorAll('[data-fit] *')].filter(
      (element) => !taken.has(element) && squeeze(element.textContent) === wanted,
    );
    return candidates.find((element) => ![...element.children].some((child) => squeeze(child.textContent) === wanted));
  };
  const rooms = [];
  for (const face of document.querySelectorAll('.face')) {
    const taken = new Set();
    for (const { key, text } of options.texts.filter((each) => each.face === face.dataset.face)) {
      const holder = holderOf(face, text, taken);
      if (!holder) continue;
      taken.add(holder);
      const box = holder.closest('[data-fit]');
      const fitted = box.style.getPropertyValue('--fit');
      const html = holder.innerHTML;
      box.style.setProperty('--fit', '1');
      box.style.setProperty('--fit', String(Math.min(1, (options.minFontPt * PX_PER_PT) / dominantFontPx(box))));
      let filler = text.trim();
      while (filler.length < options.longest) filler = `${filler} ${text.trim()}`;
      const fits = (count) => {
        holder.textContent = filler.slice(0, count).trimEnd();
        return !overflows(box);
      };
      let low = 0;
      let high = options.longest;
      if (fits(high)) low = high;
      while (high - low > 1) {
        const middle = Math.floor((low + high) / 2);
        if (fits(middle)) low = middle;
        else high = middle;
      }
      holder.textContent = filler.slice(0, low);
      const pt = parseFloat(getComputedStyle(holder).fontSize) / PX_PER_PT;
      rooms.push({ key, characters: low, pt: Math.round(pt * 10) / 10 });
      holder.innerHTML = html;
      box.style.setProperty('--fit', fitted);
    }
  }
  return rooms;
};
