import { checkHtsArchive, gunzipNamed, parseJsonNamed } from "../sources/htsArchive.js";
import { buildHtsEdition, type HtsEdition } from "./htsTree.js";

/** Decompress, parse, check and build the tree of one edition archive's bytes. */
export function parseEditionBytes(id: string, file: string, bytes: Buffer): HtsEdition {
  const text = gunzipNamed(file, bytes).toString("utf8");
  return buildHtsEdition(id, file, checkHtsArchive(file, parseJsonNamed(file, text)));
}
