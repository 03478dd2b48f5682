import { sha256Base64 } from './hash.ts';

export interface PolicyOptions {
  /** Where fonts and images may come from: `file:` for a build, `'self'` for the dev server. */
  origin: string;
  /** Let scripts rewrite `<style>` blocks (dev swaps stylesheets live); a build pins each block by hash. */
  liveStyles?: boolean;
  /**
   * The text of each `<script>` the program itself placed in the page: the only scripts allowed to
   * run. Never found by reading the page, where a deck's file could have placed one.
   */
  scripts?: string[];
}

const BLOCK = (tag: string) => new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}>`, 'gi');

/**
 * Puts a Content-Security-Policy first in the document's head. Only the scripts the program names
 * (`scripts`) may run, and only the `<style>` blocks of the head, which the build writes (deck
 * stylesheets escaped so they cannot end their block), may style it (by their hashes); anything
 * in the body, where card text and pictos go, can neither run nor restyle the page, and nothing
 * may be fetched but fonts and images from `origin`. It stands behind the picto sanitiser and the
 * stylesheet escaping: a gap in either can never run code.
 */
export function withContentSecurityPolicy(html: string, options: PolicyOptions): string {
  const headEnd = html.search(/<\/head>/i);
  if (headEnd < 0) throw new Error('a document without </head> cannot carry a Content-Security-Policy');
  const head = html.slice(0, headEnd);
  const hashes = (tag: string) => [...head.matchAll(BLOCK(tag))].map((match) => `'sha256-${sha256Base64(match[1]!)}'`);
  const scripts = (options.scripts ?? []).map((script) => `'sha256-${sha256Base64(script)}'`);
  const styles = hashes('style');
  const policy = [
    "default-src 'none'",
    `script-src ${scripts.join(' ') || "'none'"}`,
    options.liveStyles ? "style-src 'unsafe-inline'" : `style-src-elem ${styles.join(' ') || "'none'"}`,
    "style-src-attr 'unsafe-inline'",
    `font-src ${options.origin} data:`,
    `img-src ${options.origin} data:`,
    `connect-src ${options.origin === "'self'" ? "'self'" : "'none'"}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const meta = `<meta http-equiv="Content-Security-Policy" content="${policy}">`;
  const charset = /<meta charset="[^"]*">/i.exec(head);
  const at = charset ? charset.index + charset[0].length : head.search(/<head[^>]*>/i) + /<head[^>]*>/i.exec(head)![0].length;
  return `${html.slice(0, at)}\n${meta}${html.slice(at)}`;
}
