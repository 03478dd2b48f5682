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
    overlay(undefined);
    version = update.version;
    run().then(() => { document.body.dataset.version = String(update.version); });
  });
  events.addEventListener('reload', () => location.reload());
  events.addEventListener('problem', (event) => overlay(JSON.parse(event.data).message));
  events.addEventListener('ok', () => overlay(undefined));

  const toolbar = document.createElement('div');
  toolbar.id = 'kaartenset-toolbar';
  const languages = options.languages.map((l) => `<option value="${l}"${l === options.language ? ' selected' : ''}>${l}</option>`).join('');
  toolbar.innerHTML = `<b></b>
    <label>zoom <select id="kz"><option>0.5</option><option>0.75</option><option selected>1</option><option>1.5</option><option>2</option></select></label>
    <label>language <select id="kl">${languages}</select></label>
    <label><input type="checkbox" id="kg" checked> guides: bleed edge, trim (red dashes), safe zone (blue dots)</label>`;
  toolbar.querySelector('b').textContent = `${options.title} · true size`;
  document.body.prepend(toolbar);
  document.body.classList.add('guides');
  toolbar.querySelector('#kz').addEventListener('change', (e) => document.body.style.setProperty('--zoom', e.target.value));
  toolbar.querySelector('#kl').addEventListener('change', (e) => { location.search = `?lang=${e.target.value}`; });
  toolbar.querySelector('#kg').addEventListener('change', (e) => document.body.classList.toggle('guides', e.target.checked));
  if (options.problem) overlay(options.problem);
  run().then(() => { document.body.dataset.version = String(options.version); });
}
