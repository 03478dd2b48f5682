// Runs inside the page: the box of every [data-field] element, in points, relative to its .page,
// with the visible label that names it (its own data-label, the <label> around it, or its table
// row and column: "Rij 2: Waar agenderen?", the row's word from the table's data-row-label).
async () => {
  await document.fonts.ready;
  const PT_PER_PX = 72 / 96;
  const pages = [...document.querySelectorAll('.page')];
  const clean = (text) => (text ?? '').replace(/\s+/g, ' ').trim();
  const labelOf = (element) => {
    if (element.dataset.label) return clean(element.dataset.label);
    const label = element.closest('label');
    if (label) return clean(label.textContent);
    const cell = element.closest('td');
    const row = cell?.closest('tr');
    const table = row?.closest('table');
    if (cell && row && table) {
      const heading = table.querySelectorAll('thead th')[cell.cellIndex];
      const rows = [...table.querySelectorAll('tbody tr')];
      const number = rows.indexOf(row) + 1;
      const column = clean(heading?.textContent);
      return table.dataset.rowLabel ? clean(`${table.dataset.rowLabel} ${number}: ${column}`) : clean(`${column} ${number}`);
    }
    return element.dataset.field;
  };
  return [...document.querySelectorAll('[data-field]')].map((element) => {
    const page = element.closest('.page');
    const pageRect = page.getBoundingClientRect();
    const rect = element.getBoundingClientRect();
    return {
      name: element.dataset.field,
      value: element.dataset.value,
      label: labelOf(element),
      page: pages.indexOf(page),
      x: (rect.left - pageRect.left) * PT_PER_PX,
      top: (rect.top - pageRect.top) * PT_PER_PX,
      width: rect.width * PT_PER_PX,
      height: rect.height * PT_PER_PX,
    };
  });
};
