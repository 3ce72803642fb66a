import { checkHtsArchive, gunzipNamed, parseUtf8JsonNamed } from "../sources/htsArchive.js";
import { buildHtsEdition, type HtsEdition } from "./htsTree.js";

/** Decompress, parse, check and build the tree of one edition archive's bytes. */
export function parseEditionBytes(id: string, file: string, bytes: Buffer): HtsEdition {
  return buildHtsEdition(id, file, checkHtsArchive(file, parseUtf8JsonNamed(file, gunzipNamed(file, bytes))));
}
