// The stages that make a set's outputs, loaded together once a set must be made: they load pdf-lib,
// pdf.js, Ghostscript's wrapper and sharp. The faces and the worksheet are keyed before that, from
// modules of their own (faces.ts, worksheet.ts). Each stage's key holds the code of its own module.
export { cardsStage } from './cards.ts';
export { cardsPdfFaces } from './face-order.ts';
export { pdfFactsStage } from './pdf-facts.ts';
export { preflightStage } from './preflight.ts';
export { previewsStage } from './previews.ts';
export { printKitStage } from './print-kit.ts';
export { sheetsStage } from './sheets.ts';
export { vendorStage } from './vendor.ts';
