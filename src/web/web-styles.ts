/*
 * The web edition's stylesheet. The deck's own fonts, embedded in the page (nothing to fetch);
 * logical properties so a right-to-left deck mirrors; a focus ring no colour scheme can hide; text scales with the reader's
 * browser settings (rem) and reflows down to 320 CSS px without sideways scrolling.
 */
export const WEB_CSS = `
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0;
  background: #f5f4f0;
  color: #1d1d1d;
  font-family: "Source Sans 3", "Segoe UI", system-ui, -apple-system, "Noto Sans", "Noto Sans Arabic", sans-serif;
  font-size: 1.0625rem;
  line-height: 1.5;
}
.page { max-width: 75rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
h1, h2, h3 { font-family: "Fraunces", Georgia, "Times New Roman", serif; line-height: 1.2; }
.deck-head h1 { font-size: 2rem; margin: 0 0 0.25rem; }
.subtitle { margin: 0; font-size: 1.2rem; color: #3d3d3d; }
.hint { margin: 0.75rem 0 0; font-size: 0.95rem; color: #3d3d3d; }
.category { margin-block-start: 2.5rem; }
.category > h2 {
  display: flex; align-items: center; gap: 0.6rem;
  margin: 0 0 1rem; padding-block-end: 0.4rem;
  font-size: 1.5rem; color: var(--cat-ink); border-block-end: 0.2rem solid var(--cat);
}
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 21rem), 1fr)); gap: 1rem; }
.card {
  background: #ffffff; border-radius: 0.75rem; border-block-start: 0.5rem solid var(--cat);
  padding: 1rem 1.25rem 1.25rem; box-shadow: 0 1px 3px #0000002e; min-width: 0; overflow-wrap: break-word;
}
.card:focus { outline: 0.2rem solid #1d1d1d; outline-offset: 0.2rem; }
.card:focus:not(:focus-visible) { outline: none; }
.card:focus-visible { outline: 0.25rem solid #1d1d1d; outline-offset: 0.2rem; box-shadow: 0 0 0 0.55rem #ffd33d; }
.card-head { display: flex; align-items: center; gap: 0.6rem; }
.picto { display: inline-flex; flex: none; width: 2.5rem; height: 2.5rem; color: var(--cat-ink); }
.picto svg { width: 100%; height: 100%; }
/* Small capitals, not text-transform: Chromium would read the uppercased letters into the name. */
.kicker { margin: 0; font-size: 1rem; font-weight: 600; letter-spacing: 0.04em; font-variant-caps: all-small-caps; color: var(--cat-ink); }
.position { font-weight: 400; white-space: nowrap; }
.card h3 { margin: 0.6rem 0 0.5rem; font-size: 1.35rem; }
.card h3 .question { display: block; margin-block-start: 0.2rem; font-size: 1.15em; }
.card h4 {
  margin: 1rem 0 0.3rem; font-size: 1rem; letter-spacing: 0.05em; font-variant-caps: all-small-caps; color: var(--cat-ink);
}
.card p { margin: 0.4rem 0; }
.card ol, .card ul { margin: 0.3rem 0; padding-inline-start: 1.5rem; }
.card li { margin: 0.2rem 0; }
/* A field's emphasis, as its template declares it: a large figure, a lead text, a small hint. */
.field-numeral { display: block; font-family: "Fraunces", Georgia, "Times New Roman", serif; font-size: 2.6em; font-weight: 600; line-height: 1.1; color: var(--cat-ink); }
.card h3 .field-numeral { font-size: 1.6em; }
.field-lead { font-size: 1.15em; font-weight: 600; }
.field-hint { font-size: 0.85em; color: #3d3d3d; }
.origin { font-style: italic; color: #3d3d3d; }
.example { background: var(--cat-tint); border-inline-start: 0.2rem solid var(--cat); padding: 0.5rem 0.75rem; font-style: italic; }
.deck-foot { margin-block-start: 3rem; font-size: 0.95rem; color: #3d3d3d; }
.visually-hidden {
  position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; border: 0;
  overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap;
}
.links ul { display: flex; flex-wrap: wrap; gap: 0.4rem 1.5rem; margin: 0.75rem 0 0; padding: 0; list-style: none; }
.links a, .deck-foot a { color: #1d4f7a; text-underline-offset: 0.15em; }
.present { margin: 1rem 0 0; }
button {
  font: inherit; font-weight: 600; color: #ffffff; background: #1d1d1d; border: 0.125rem solid #1d1d1d;
  border-radius: 0.4rem; padding: 0.45rem 1rem; cursor: pointer;
}
button:focus-visible, .links a:focus-visible { outline: 0.25rem solid #1d1d1d; outline-offset: 0.2rem; box-shadow: 0 0 0 0.55rem #ffd33d; }
/* Presenting: one card, as large as the screen allows, and the bar with the keys below it. */
/* The h1 and the card's category heading stay for a screen reader (headings in order); the rest is hidden. */
.presenting .deck-head h1, .presenting .category > h2 {
  position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; border: 0;
  overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap;
}
.presenting .deck-head > :not(h1), .presenting .page > footer,
.presenting .category:not(:has(.current)), .presenting .card:not(.current) { display: none; }
.presenting { display: flex; flex-direction: column; height: 100vh; overflow: hidden; background: #1d1d1d; }
.presenting .page, .presenting main, .presenting .category, .presenting .cards {
  display: flex; flex: 1; min-height: 0; max-width: none; width: 100%; margin: 0;
}
.presenting .page { padding: max(2vh, 0.75rem) max(2vw, 0.75rem) max(1vh, 0.6rem); }
.presenting .card.current {
  flex: 1; min-height: 0; overflow: auto; max-width: 62rem; margin: 0 auto;
  font-size: clamp(1.1rem, 1.1rem + 1.4vmin, 2.4rem); border-block-start-width: 1rem; box-shadow: none;
}
/* Yellow on the dark presenting background, around the card: the dark ring of the list would vanish here. */
.presenting .card.current:focus-visible { outline-color: #ffd33d; outline-offset: 0.15rem; box-shadow: none; }
.presenting .card.current .picto { width: 2.3em; height: 2.3em; }
.presenting .card.current h3 { font-size: 1.6em; }
.presenting .card.current .kicker, .presenting .card.current h4 { font-size: 1em; }
.presenter {
  flex: none; display: flex; flex-wrap: wrap; align-items: center;
  justify-content: center; gap: 0.3rem 1rem; padding: 0.5rem 1rem; background: #1d1d1d; color: #ffffff;
}
.presenter[hidden] { display: none; }
.presenter p { margin: 0; }
.presenter-position { font-weight: 700; min-width: 4.5rem; text-align: center; }
.presenter-keys { flex-basis: 100%; text-align: center; font-size: 0.95rem; order: 5; }
.presenter button { background: #ffffff; color: #1d1d1d; border-color: #ffffff; min-width: 3rem; }
.presenter button:focus-visible { outline-color: #ffd33d; box-shadow: none; }
@media (forced-colors: active) { .card { border: 1px solid CanvasText; } .picto { color: CanvasText; } }
`;
