// Runs inside the page: the box of every [data-field] element, in points, relative to its .page.
async () => {
  await document.fonts.ready;
  const PT_PER_PX = 72 / 96;
  const pages = [...document.querySelectorAll('.page')];
  return [...document.querySelectorAll('[data-field]')].map((element) => {
    const page = element.closest('.page');
    const pageRect = page.getBoundingClientRect();
    const rect = element.getBoundingClientRect();
    return {
      name: element.dataset.field,
      type: element.dataset.type ?? 'text',
      value: element.dataset.value,
      options: element.dataset.options === undefined ? undefined : element.dataset.options.split(','),
      page: pages.indexOf(page),
      x: (rect.left - pageRect.left) * PT_PER_PX,
      top: (rect.top - pageRect.top) * PT_PER_PX,
      width: rect.width * PT_PER_PX,
      height: rect.height * PT_PER_PX,
    };
  });
}
