// The dev page's side of live reload: applies pushed faces and styles, shows errors over the page.
(options) => {
  const run = () => window.kaartensetFit(options.fit);
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
  let version = options.version;
  let problem = options.problem ?? undefined;
  const events = new EventSource(`/events?lang=${encodeURIComponent(options.language)}&v=${version}`);
  events.addEventListener('faces', (event) => {
    const update = JSON.parse(event.data);
    for (const face of update.faces) {
      const current = document.querySelector(`[data-face="${CSS.escape(face.id)}"]`);
      if (!current) return location.reload();
      current.outerHTML = face.html;
    }
    if (update.css !== undefined) document.getElementById('cards-css').textContent = update.css;
    if (update.pageCss !== undefined) document.getElementById('page-css').textContent = update.pageCss;
    problem = undefined;
    overlay(undefined);
    version = update.version;
    run().then(() => { document.body.dataset.version = String(update.version); });
  });
  events.addEventListener('reload', () => location.reload());
  events.addEventListener('problem', (event) => { problem = JSON.parse(event.data).message; overlay(problem); });
  events.addEventListener('ok', () => { problem = undefined; overlay(undefined); });
  // The browser retries on its own; until it reconnects, the page says it no longer follows the files.
  let lost = false;
  events.addEventListener('error', () => {
    lost = true;
    overlay('The kaartenset dev server is not running (stopped, or crashed): this page no longer updates when you save. Start it again with npx kaartenset dev; the page reconnects by itself.');
  });
  events.addEventListener('open', () => {
    if (!lost) return;
    lost = false;
    overlay(problem);
  });

  const toolbar = document.createElement('div');
  toolbar.id = 'kaartenset-toolbar';
  toolbar.innerHTML = `<b></b>
    <label>zoom <select id="kz"><option>0.5</option><option>0.75</option><option selected>1</option><option>1.5</option><option>2</option></select></label>
    <label>language <select id="kl"></select></label>
    <label><input type="checkbox" id="kg" checked> guides: bleed edge, trim (red dashes), safe zone (blue dots)</label>`;
  toolbar.querySelector('b').textContent = `${options.title} · true size`;
  // Names come from file names and YAML: set as text, never parsed as markup.
  for (const language of options.languages) {
    const option = new Option(language, language, false, language === options.language);
    toolbar.querySelector('#kl').append(option);
  }
  document.body.prepend(toolbar);
  document.body.classList.add('guides');
  toolbar.querySelector('#kz').addEventListener('change', (e) => document.body.style.setProperty('--zoom', e.target.value));
  toolbar.querySelector('#kl').addEventListener('change', (e) => { location.search = `?lang=${encodeURIComponent(e.target.value)}`; });
  toolbar.querySelector('#kg').addEventListener('change', (e) => document.body.classList.toggle('guides', e.target.checked));
  if (problem) overlay(problem);
  run().then(() => { document.body.dataset.version = String(options.version); });
}
