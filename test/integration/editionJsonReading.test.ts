import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { gunzipNamed, parseUtf8JsonNamed } from "../../src/sources/htsArchive.js";
import { mirrorFile } from "../support/mirror.js";

/**
 * The editions are read through Latin-1 (`parseUtf8JsonNamed`): on the real files, every value must be the one a plain
 * UTF-8 reading gives (the first and last editions, and one in between, with their ¢, —, ≤ and accented words).
 */
describe("HTS editions read through Latin-1", () => {
  for (const id of ["2025_basic", "2025_rev_20", "2026_rev_10"]) {
    it(`${id}: the same rows as a UTF-8 reading, and some hold characters outside ASCII`, () => {
      const file = mirrorFile(`us/hts/hts_${id}.json.gz`);
      const bytes = gunzipNamed(file, readFileSync(file));
      const plain = JSON.parse(bytes.toString("utf8")) as { description: string; general: string }[];
      expect(parseUtf8JsonNamed(file, bytes)).toEqual(plain);
      expect(plain.some((r) => /[^ -~\s]/.test(`${r.description}${r.general}`))).toBe(true);
    });
  }
});
