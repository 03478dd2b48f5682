/** The print page's script in dist/, next to index.html (named apart from the bundler, which only a build that writes it loads). */
export const PRINT_PAGE_SCRIPT = 'print-page.js';
