import type { Recipe } from "./types.js";

/** USITC HTS JSON exports: stored gzipped; verified on the uncompressed content (`contentSha256`). */
export const gzipJson: Recipe = {
  id: "gzip-json",
  description: "gzip the publisher's JSON on write; verify the SHA-256 of the uncompressed JSON (contentSha256)",
  forms: ["json"],
  status: { implemented: true, stored: "gzip" },
};
