import type { Recipe } from "./types.js";

/** The publisher's file is the stored file, byte for byte (PDF change records, workbooks, archives). */
export const asIs: Recipe = {
  id: "as-is",
  description: "store the publisher's file byte for byte; verify its SHA-256",
  forms: ["pdf", "xlsx", "zip", "json", "csv", "txt", "html"],
  status: { implemented: true, stored: "bytes" },
};
