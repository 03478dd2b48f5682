// The dev page's side: applies pushed faces and styles, shows errors over the page, and the toolbar
// (view, zoom, language, a second language, labels, guides, jump to a card), whose state lives in
// the URL so a reload, a language switch or another view keeps it.
(options) => {
  /**
   * Fits faces, those on screen first. A save's changed faces are all fitted before the page counts
   * the save as shown (`data-version`); after a stylesheet swap, which may move any face, those on
   * screen are, and the others follow (`data-version-settled`, `data-compare-version-settled`).
   */
  // Which faces are on screen, kept up to date as the page scrolls: asking each face where it is
  // would lay out every face again after a stylesheet swap, before the ones on screen are fitted.
  const visible = new Set();
  const watch = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (entry.isIntersecting) visible.add(entry.target);
      else visible.delete(entry.target);
    }
  });
  const watchFaces = (faces) => {
    for (const face of faces) watch.observe(face);
  };
  watchFaces(document.querySelectorAll('.face'));
  const run = async (changed) => {
    const faces = changed ?? [...document.querySelectorAll('.face')];
    const shown = faces.filter((face) => visible.has(face));
    const rest = faces.filter((face) => !visible.has(face));
    if (changed) {
      await window.kaartensetFit({ ...options.fit, faces: [...shown, ...rest] });
      return { settled: Promise.resolve() };
    }
    if (shown.length > 0) await window.kaartensetFit({ ...options.fit, faces: shown });
    // The others after the page has counted (and drawn) what is on screen, a few at a time, so
    // scrolling stays smooth meanwhile.
    const settled = (async () => {
      for (let start = 0; start < rest.length; start += 8) {
        await new Promise((resolve) => setTimeout(resolve));
        await window.kaartensetFit({ ...options.fit, faces: rest.slice(start, start + 8) });
      }
    })();
    return { settled };
  };
  /*
   * A saved stylesheet is applied rule by rule: the rules it changed are replaced in the page's
   * sheet, and Chromium restyles what those rules match. A new text for the <style> makes it
   * restyle and lay out every face on screen, five times the time for a one-rule edit. A rule
   * Chromium will not insert, or a patched sheet that does not read as the saved one, gets the new
   * text as a whole. (The <style>'s own text, as the Elements panel shows it, stays the page's
   * first; the page's rules, as the Styles panel shows them, are the saved ones.)
   */
  const applied = new Map();
  const restyle = (style, text) => {
    if ((applied.get(style.id) ?? style.textContent) === text) return false;
    applied.set(style.id, text);
    const saved = new CSSStyleSheet();
    saved.replaceSync(text);
    try {
      patchRules(style.sheet, style.sheet.cssRules, saved.cssRules);
      if (rulesText(style.sheet.cssRules) === rulesText(saved.cssRules)) return true;
    } catch {
      // Not patchable (insertRule refuses the rule): the whole text below.
    }
    style.textContent = text;
    return true;
  };
  const rulesText = (rules) => [...rules].map((rule) => rule.cssText).join('\n');
  /**
   * Makes `parent`'s rules (`current`) read as `wanted`: the longest run of rules both have in the
   * same order stays, the others are deleted or inserted. A block of rules is kept by its kind and
   * condition and patched within, so an edit inside the shared @layer replaces only what it changed.
   */
  const patchRules = (parent, current, wanted) => {
    const before = [...current];
    const after = [...wanted];
    const keysBefore = before.map(keyOf);
    const keysAfter = after.map(keyOf);
    // What both start and end with stays; the longest run both have in order is sought between.
    let start = 0;
    while (start < before.length && start < after.length && keysBefore[start] === keysAfter[start]) start++;
    let endBefore = before.length;
    let endAfter = after.length;
    while (endBefore > start && endAfter > start && keysBefore[endBefore - 1] === keysAfter[endAfter - 1]) {
      endBefore--;
      endAfter--;
    }
    const kept = [];
    for (let index = 0; index < start; index++) kept.push([before[index], after[index]]);
    for (let index = 0; index < before.length - endBefore; index++) kept.push([before[endBefore + index], after[endAfter + index]]);
    // longest[i][j]: how many rules of before[start + i ..] and after[start + j ..] can stay, in
    // order. Its memory grows with the product of the two runs: past LONGEST_RUN_CELLS (edits far
    // apart in a sheet of over a thousand rules) the run between them is replaced whole.
    const rows = endBefore - start;
    const columns = endAfter - start;
    const longest = rows * columns > LONGEST_RUN_CELLS ? undefined : Array.from({ length: rows + 1 }, () => new Uint32Array(columns + 1));
    if (longest)
      for (let i = rows - 1; i >= 0; i--)
        for (let j = columns - 1; j >= 0; j--)
          longest[i][j] =
            keysBefore[start + i] === keysAfter[start + j] ? longest[i + 1][j + 1] + 1 : Math.max(longest[i + 1][j], longest[i][j + 1]);
    let i = 0;
    let j = 0;
    let at = start;
    while (i < rows || j < columns) {
      if (longest && i < rows && j < columns && keysBefore[start + i] === keysAfter[start + j]) {
        kept.push([before[start + i++], after[start + j++]]);
        at++;
      } else if (j < columns && (i === rows || !longest || longest[i][j + 1] >= longest[i + 1][j])) {
        parent.insertRule(after[start + j++].cssText, at++);
      } else {
        parent.deleteRule(at);
        i++;
      }
    }
    for (const [rule, wantedRule] of kept) if (isBlock(rule)) patchRules(rule, rule.cssRules, wantedRule.cssRules);
  };
  const LONGEST_RUN_CELLS = 1_000_000;
  // A block by its kind and condition (its layer's name, its media or container query), a rule by its text.
  const keyOf = (rule) => (isBlock(rule) ? `${rule.constructor.name} ${rule.name ?? rule.conditionText}` : rule.cssText);
  // A style rule is replaced whole (its declarations with its nested rules), and so is an @page
  // rule, whose declarations are its own; an @layer, @media, @supports or @container block holds
  // rules only.
  const BLOCKS = [CSSLayerBlockRule, CSSMediaRule, CSSSupportsRule, CSSContainerRule];
  const isBlock = (rule) => BLOCKS.some((kind) => rule instanceof kind);

  const overlay = (message) => {
    let element = document.getElementById('kaartenset-overlay');
    if (message === undefined) return element?.remove();
    if (!element) {
      element = document.createElement('div');
      element.id = 'kaartenset-overlay';
      document.body.append(element);
    }
    element.innerHTML = '<h2></h2><div></div>';
    element.firstChild.textContent = 'kaartenset: the preview is not up to date';
    element.lastChild.textContent = message;
  };

  const params = new URLSearchParams(location.search);
  const state = {
    zoom: params.get('zoom') ?? '1',
    labels: params.get('labels') !== '0',
    guides: params.get('guides') !== '0',
  };
  /** The URL of a view with the current state; `changes` overrides (null removes a parameter). */
  const urlWith = (changes = {}, path = location.pathname) => {
    const next = new URLSearchParams(location.search);
    next.set('lang', options.language);
    if (options.compare) next.set('compare', options.compare);
    next.set('zoom', state.zoom);
    next.set('labels', state.labels ? '1' : '0');
    next.set('guides', state.guides ? '1' : '0');
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) next.delete(key);
      else next.set(key, value);
    }
    return `${path}?${next}${location.hash}`;
  };
  const keepState = () => history.replaceState(null, '', urlWith());

  // One event stream per language shown; each pushes the faces of its own language.
  const problems = new Map();
  const showProblems = () => overlay([...problems.values()].find((message) => message !== undefined));
  let lost = false;
  const streams = [];
  // A browser keeps six connections per server: a page left behind (history, back-forward cache)
  // must let go of its streams, or the seventh page of a session never loads.
  addEventListener('pagehide', () => {
    for (const stream of streams) stream.close();
  });
  addEventListener('pageshow', (event) => {
    if (event.persisted) location.reload();
  });
  const follow = (language, primary) => {
    const events = new EventSource(`/events?lang=${encodeURIComponent(language)}&v=${options.versions[language]}`);
    streams.push(events);
    const scope = `[data-lang="${CSS.escape(language)}"]`;
    events.addEventListener('faces', (event) => {
      const update = JSON.parse(event.data);
      const changed = [];
      for (const face of update.faces) {
        const selector = `${scope} [data-face="${CSS.escape(face.id)}"]`;
        const shown = document.querySelectorAll(selector);
        if (shown.length === 0) return location.reload();
        for (const current of shown) current.outerHTML = face.html;
        changed.push(...document.querySelectorAll(selector));
      }
      watchFaces(changed);
      // Both languages of a page get the same stylesheets: the second swaps (and fits) nothing.
      let restyled = false;
      for (const [id, text] of [
        ['cards-css', update.css],
        ['page-css', update.pageCss],
      ]) {
        if (text !== undefined && restyle(document.getElementById(id), text)) restyled = true;
      }
      if (primary) fillCardList(update.cards);
      markChanged(scope, update.changedSinceBuild, primary);
      problems.delete(language);
      showProblems();
      // Any face may look otherwise under new styles; a text edit changes only the faces sent.
      run(restyled ? undefined : changed).then(({ settled }) => {
        const key = primary ? 'version' : 'compareVersion';
        document.body.dataset[key] = String(update.version);
        settled.then(() => {
          document.body.dataset[`${key}Settled`] = String(update.version);
        });
      });
    });
    events.addEventListener('reload', () => location.reload());
    events.addEventListener('problem', (event) => {
      problems.set(language, JSON.parse(event.data).message);
      showProblems();
    });
    events.addEventListener('ok', () => {
      problems.delete(language);
      showProblems();
    });
    // The browser retries on its own; until it reconnects, the page says it no longer follows the files.
    events.addEventListener('error', () => {
      lost = true;
      overlay(
        'The kaartenset dev server is not running (stopped, or crashed): this page no longer updates when you save. Start it again with npx kaartenset dev; the page reconnects by itself.',
      );
    });
    events.addEventListener('open', () => {
      if (!lost) return;
      lost = false;
      showProblems();
    });
  };
  if (options.problem) problems.set(options.language, options.problem);

  const toolbar = document.createElement('div');
  toolbar.id = 'kaartenset-toolbar';
  toolbar.innerHTML = `<b></b>
    <label>view <select id="kv"></select></label>
    <label>zoom <select id="kz"></select></label>
    <label>language <select id="kl"></select></label>
    <label>beside it <select id="kc"><option value="">none</option></select></label>
    <label><input type="checkbox" id="kb"> labels</label>
    <label><input type="checkbox" id="kg"> guides: <span id="kgl"></span></label>
    <label>jump to <input id="kj" list="kcards" placeholder="card id or title" size="18" autocomplete="off"></label>
    <datalist id="kcards"></datalist>
    <span id="kchanged" role="status"></span>`;
  toolbar.querySelector('b').textContent = `${options.title} · true size`;
  toolbar.querySelector('#kgl').textContent =
    `bleed edge, trim (red dashes)${options.dieLine ? ', die line (magenta, rounded corners)' : ''}, safe zone (blue dots)`;
  // Names come from file names and YAML: set as text, never parsed as markup.
  for (const view of options.views)
    toolbar.querySelector('#kv').append(new Option(view.label, view.path, false, view.path === options.path));
  const zooms = ['0.25', '0.5', '0.75', '1', '1.5', '2', '3'];
  if (!zooms.includes(state.zoom)) zooms.push(state.zoom);
  for (const zoom of zooms)
    toolbar.querySelector('#kz').append(new Option(`${Math.round(Number(zoom) * 100)} %`, zoom, false, zoom === state.zoom));
  for (const language of options.languages) {
    toolbar.querySelector('#kl').append(new Option(language, language, false, language === options.language));
    if (language !== options.language)
      toolbar.querySelector('#kc').append(new Option(language, language, false, language === options.compare));
  }
  // Languages side by side is a view of the cards; the sheets show the one language they print.
  toolbar.querySelector('#kc').disabled = options.path !== '/';
  const cardsById = new Map();
  const fillCardList = (cards) => {
    const list = toolbar.querySelector('#kcards');
    list.replaceChildren(...cards.map((card) => new Option(card.title ? `${card.title} · ${card.template}` : card.template, card.id)));
    cardsById.clear();
    for (const card of cards) cardsById.set(card.id, card);
  };
  fillCardList(options.cards);
  document.body.prepend(toolbar);

  /** Rings the faces that changed since the last build in --out; the toolbar counts them (or says there is no build). */
  const markChanged = (scope, changed, primary) => {
    const set = new Set(changed ?? []);
    for (const element of document.querySelectorAll(`${scope} [data-mark]`))
      element.classList.toggle('changed', set.has(element.dataset.mark));
    if (!primary) return;
    const note = toolbar.querySelector('#kchanged');
    note.textContent =
      changed === null
        ? `no build in ${options.out} to compare with`
        : set.size === 0
          ? `as in the last build (${options.out})`
          : `${set.size} face${set.size === 1 ? '' : 's'} changed since the last build`;
    note.classList.toggle('some', set.size > 0);
  };
  markChanged(`[data-lang="${CSS.escape(options.language)}"]`, options.changedSinceBuild, true);

  const apply = () => {
    document.body.style.setProperty('--zoom', state.zoom);
    document.body.classList.toggle('labels', state.labels);
    document.body.classList.toggle('guides', state.guides);
    toolbar.querySelector('#kb').checked = state.labels;
    toolbar.querySelector('#kg').checked = state.guides;
  };
  apply();
  toolbar.querySelector('#kv').addEventListener('change', (e) => {
    location.href = urlWith({}, e.target.value);
  });
  toolbar.querySelector('#kz').addEventListener('change', (e) => {
    state.zoom = e.target.value;
    apply();
    keepState();
  });
  toolbar.querySelector('#kl').addEventListener('change', (e) => {
    const language = e.target.value;
    location.href = urlWith({ lang: language, compare: options.compare === language ? null : options.compare });
  });
  toolbar.querySelector('#kc').addEventListener('change', (e) => {
    location.href = urlWith({ compare: e.target.value || null });
  });
  toolbar.querySelector('#kb').addEventListener('change', (e) => {
    state.labels = e.target.checked;
    apply();
    keepState();
  });
  toolbar.querySelector('#kg').addEventListener('change', (e) => {
    state.guides = e.target.checked;
    apply();
    keepState();
  });

  /** The card a typed text names: its id, else the first whose id or title contains it. */
  const findCard = (text) => {
    const wanted = text.trim().toLowerCase();
    if (!wanted) return undefined;
    if (cardsById.has(wanted)) return wanted;
    const cards = [...cardsById.values()];
    return (
      cards.find((card) => card.title.toLowerCase() === wanted) ??
      cards.find((card) => card.id.includes(wanted) || card.title.toLowerCase().includes(wanted))
    )?.id;
  };
  const jump = (id) => {
    const target = document.getElementById(`card-${id}`) ?? document.querySelector(`.placed[data-card="${CSS.escape(id)}"]`);
    if (!target) return false;
    target.scrollIntoView({ block: 'center', inline: 'center' });
    for (const element of document.querySelectorAll('.jumped')) element.classList.remove('jumped');
    const marked = target.matches('.placed') ? document.querySelectorAll(`.placed[data-card="${CSS.escape(id)}"]`) : [target];
    for (const element of marked) element.classList.add('jumped');
    history.replaceState(null, '', `${`${urlWith()}`.replace(/#.*$/, '')}#${encodeURIComponent(id)}`);
    return true;
  };
  const jumpBox = toolbar.querySelector('#kj');
  const jumpToTyped = () => {
    const id = findCard(jumpBox.value);
    jumpBox.classList.toggle('not-found', id === undefined || !jump(id));
  };
  jumpBox.addEventListener('change', jumpToTyped);
  jumpBox.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') jumpToTyped();
  });

  keepState();
  follow(options.language, true);
  if (options.compare) follow(options.compare, false);
  showProblems();
  // The first fit covers every face before the page counts as shown: a jump lands on fitted faces.
  window.kaartensetFit(options.fit).then(() => {
    const hashed = decodeURIComponent(location.hash.slice(1));
    if (hashed) jump(hashed);
    if (options.compare) document.body.dataset.compareVersion = String(options.versions[options.compare]);
    document.body.dataset.version = String(options.versions[options.language]);
  });
};
