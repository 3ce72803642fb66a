/**
 * pdfjs-dist, loaded on first use. Its legacy build (the one that runs on Node 20) carries core-js polyfills that
 * replace built-ins of the whole process with JavaScript versions — `Array.prototype.push`, `JSON.parse` and
 * `JSON.stringify` — which made every array push and JSON read of the process several times slower (the all-partner
 * panel spent a tenth of its time in the polyfilled push). It is therefore imported only when a PDF is read, and the
 * built-ins it replaced are put back right after: pdf.js needs none of those polyfills' additions (JSON source text
 * access, pushes past 2^32 - 1 elements).
 */
type Pdfjs = typeof import("pdfjs-dist/legacy/build/pdf.mjs");

let loaded: Promise<Pdfjs> | undefined;

/** The fake worker's module (named by a constant: the package ships no types for it). */
const WORKER_MODULE = "pdfjs-dist/legacy/build/pdf.worker.mjs";

/** The built-ins the polyfills are known to replace (see the module comment). */
function builtIns(): { target: object; key: string; descriptor: PropertyDescriptor }[] {
  return [
    { target: Array.prototype, key: "push" },
    { target: JSON, key: "parse" },
    { target: JSON, key: "stringify" },
  ].map((b) => ({ ...b, descriptor: Object.getOwnPropertyDescriptor(b.target, b.key)! }));
}

export function loadPdfjs(): Promise<Pdfjs> {
  loaded ??= (async () => {
    const kept = builtIns();
    try {
      const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
      // Its worker module carries the same polyfills: loaded here too (pdf.js takes the fake worker's handler from
      // `globalThis.pdfjsWorker` instead of importing the module on the first document).
      (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker ??= (await import(WORKER_MODULE)) as unknown;
      return pdfjs;
    } finally {
      for (const b of kept) Object.defineProperty(b.target, b.key, b.descriptor);
    }
  })();
  return loaded;
}
