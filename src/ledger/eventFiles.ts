import { readdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { isCollection, isNode, LineCounter, parseDocument, type Document } from "yaml";
import { z, type ZodIssue } from "zod";
import { DataFileError } from "../common/errors.js";
import { isLegalDay } from "../common/legalDate.js";
import { AUTHORITIES, authoritySchema, ledgerFileSchema, type Authority, type Measure } from "./measureSchema.js";

/**
 * Reader of the curated ledger: every `ledger/events/*.yaml` file (validated by `ledgerFileSchema`) and the product-list
 * registry `ledger/product-lists.yaml`. Every error names the file and the line of the offending YAML node, so a curator
 * can fix the data without reading code.
 */

/** One product list the ledger refers to by id (`products.lists`), and where its content is read from. */
export const productListEntrySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, "list ids are lower-case words with dots and dashes"),
    title: z.string().min(1),
    authority: authoritySchema,
    /** The official text holding the list: a mirror file (relative to the data root) and where in it. */
    source: z.object({ file: z.string().min(1), where: z.string().min(1) }).strict(),
    /** note: a U.S. note subdivision; annex: a proclamation/EO annex; codes: printed codes typed into this registry. */
    kind: z.enum(["note", "annex", "codes"]),
    codes: z.array(z.string().regex(/^\d{2,4}(\.\d{2}){0,3}$|^\d{2,10}$/, "expected an HTS code")).optional(),
    note: z.string().optional(),
  })
  .strict()
  .refine((e) => e.kind !== "codes" || e.codes !== undefined, {
    message: 'a list of kind "codes" needs `codes` (an empty list is allowed when the text is not available)',
    path: ["codes"],
  });
export type ProductListEntry = z.infer<typeof productListEntrySchema>;

export const productListRegistrySchema = z.object({ lists: z.array(productListEntrySchema) }).strict();

export interface LoadedLedger {
  /** All measures, files in name order and measures in file order. */
  measures: Measure[];
  /** The files read, in the order read. */
  files: string[];
}

export interface LoadLedgerOptions {
  /** The product-list registry; defaults to `product-lists.yaml` in the parent folder of `dir`. */
  productListsFile?: string;
}

/** A parsed YAML file that can map a path inside the document to its source line. */
class YamlSource {
  readonly doc: Document.Parsed;
  private readonly lines: LineCounter;

  constructor(
    readonly file: string,
    text: string,
  ) {
    this.lines = new LineCounter();
    this.doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: true, uniqueKeys: true });
    const first = this.doc.errors[0];
    if (first) {
      const pos = first.linePos?.[0];
      const message = (first.message.split("\n")[0] ?? first.message).replace(/ at line \d+, column \d+:?\s*$/, "");
      throw new DataFileError(file, `invalid YAML: ${message}`, {
        position: pos ? `line ${pos.line}, column ${pos.col}` : undefined,
        code: "BAD_LEDGER_FILE",
      });
    }
  }

  /** "line N" of the deepest existing node on `path` (the document start when nothing matches). */
  lineOf(path: ReadonlyArray<string | number>): number {
    const p = [...path];
    while (p.length > 0) {
      const node = this.doc.getIn(p, true);
      if (isNode(node) && node.range) return this.lines.linePos(node.range[0]).line;
      p.pop();
    }
    const root = this.doc.contents;
    if (isNode(root) && root.range) return this.lines.linePos(root.range[0]).line;
    return 1;
  }

  /** The line of the key of a map entry (e.g. `products:`), falling back to the value's line. */
  keyLineOf(path: ReadonlyArray<string | number>): number {
    if (path.length === 0) return this.lineOf(path);
    const parent = this.doc.getIn(path.slice(0, -1), true);
    const key = path[path.length - 1];
    if (isCollection(parent)) {
      for (const item of parent.items as unknown[]) {
        const pair = item as { key?: unknown };
        if (pair && typeof pair === "object" && "key" in pair && isNode(pair.key)) {
          const k = pair.key as { value?: unknown; range?: [number, number, number] | null };
          if (k.value === key && k.range) return this.lines.linePos(k.range[0]).line;
        }
      }
    }
    return this.lineOf(path);
  }

  fail(path: ReadonlyArray<string | number>, message: string, code = "BAD_LEDGER_FILE"): DataFileError {
    return new DataFileError(this.file, `${formatPath(path)}: ${message}`, {
      position: `line ${this.lineOf(path)}`,
      code,
    });
  }
}

function formatPath(path: ReadonlyArray<string | number>): string {
  if (path.length === 0) return "(document)";
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}

function zodFailure(src: YamlSource, issues: ZodIssue[]): DataFileError {
  const first = issues[0]!;
  const path = first.path;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more issue${issues.length > 2 ? "s" : ""})` : "";
  // Refinements report on the object; unrecognized keys on their parent: point at the deepest node that exists.
  let message = first.message;
  if (first.code === "unrecognized_keys") message = `unknown field(s) ${first.keys.join(", ")}`;
  if (first.code === "invalid_union") {
    const inner = first.unionErrors
      .map((e) => e.issues[0])
      .filter((i): i is ZodIssue => i !== undefined)
      .map((i) => `${formatPath(i.path)} ${i.message}`);
    if (inner.length > 0) message = `${first.message} (${[...new Set(inner)].slice(0, 3).join("; ")})`;
  }
  const line =
    first.code === "unrecognized_keys" && first.keys[0] !== undefined
      ? src.keyLineOf([...path, first.keys[0]])
      : src.lineOf(path);
  return new DataFileError(src.file, `${formatPath(path)}: ${message}${more}`, {
    position: `line ${line}`,
    code: "BAD_LEDGER_FILE",
  });
}

async function readSource(file: string): Promise<YamlSource> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (cause) {
    throw new DataFileError(file, "cannot read the file", { cause, code: "MISSING_FILE" });
  }
  return new YamlSource(file, text);
}

/** Load and validate the product-list registry (`ledger/product-lists.yaml`); ids are unique. */
export async function loadProductListRegistry(file: string): Promise<Map<string, ProductListEntry>> {
  const src = await readSource(file);
  const parsed = productListRegistrySchema.safeParse(src.doc.toJS());
  if (!parsed.success) throw zodFailure(src, parsed.error.issues);
  const out = new Map<string, ProductListEntry>();
  parsed.data.lists.forEach((entry, i) => {
    if (out.has(entry.id)) throw src.fail(["lists", i, "id"], `duplicate product-list id "${entry.id}"`);
    out.set(entry.id, entry);
  });
  return out;
}

interface Located {
  measure: Measure;
  src: YamlSource;
  index: number;
}

const AUTHORITY_SET: ReadonlySet<string> = new Set<Authority>(AUTHORITIES);

/**
 * Read every `*.yaml` file of `dir` (non-recursive, name order), validate each with `ledgerFileSchema`, then check the
 * ledger as a whole: unique measure ids, known product-list ids, calendar-valid windows, and `exempts` entries that name
 * a known measure id or an authority. Throws a `DataFileError` naming the file and line of the first problem.
 */
export async function loadLedgerFiles(dir: string, options: LoadLedgerOptions = {}): Promise<LoadedLedger> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith(".yaml")).sort();
  } catch (cause) {
    throw new DataFileError(dir, "cannot read the ledger folder", { cause, code: "MISSING_FILE" });
  }
  const listsFile = options.productListsFile ?? resolve(dir, "..", "product-lists.yaml");
  const registry = await loadProductListRegistry(listsFile);

  const files: string[] = [];
  const located: Located[] = [];
  for (const name of names) {
    const file = join(dir, name);
    const src = await readSource(file);
    const parsed = ledgerFileSchema.safeParse(src.doc.toJS());
    if (!parsed.success) throw zodFailure(src, parsed.error.issues);
    parsed.data.measures.forEach((measure, index) => located.push({ measure, src, index }));
    files.push(file);
  }

  const byId = new Map<string, Located>();
  for (const loc of located) {
    const { measure, src, index } = loc;
    const at = (...p: Array<string | number>) => ["measures", index, ...p];
    const prior = byId.get(measure.id);
    if (prior) {
      throw new DataFileError(
        src.file,
        `${formatPath(at("id"))}: duplicate measure id "${measure.id}" (first defined in ${prior.src.file} at line ${prior.src.lineOf(["measures", prior.index, "id"])})`,
        { position: `line ${src.lineOf(at("id"))}`, code: "DUPLICATE_MEASURE" },
      );
    }
    byId.set(measure.id, loc);

    for (const key of ["from", "to"] as const) {
      const day = measure.window[key];
      if (day !== undefined && !isLegalDay(day)) throw src.fail(at("window", key), `"${day}" is not a calendar day`);
    }

    const listRefs: Array<[string, Array<string | number>]> = [];
    measure.products.lists?.forEach((id, i) => listRefs.push([id, at("products", "lists", i)]));
    measure.products.except?.lists?.forEach((id, i) => listRefs.push([id, at("products", "except", "lists", i)]));
    for (const [id, path] of listRefs) {
      if (!registry.has(id)) {
        throw src.fail(path, `unknown product-list id "${id}" (not in ${listsFile})`, "UNKNOWN_PRODUCT_LIST");
      }
    }

    if (measure.role === "duty" && measure.exempts !== undefined) {
      throw src.fail(at("exempts"), "only exemption measures may name `exempts`");
    }
  }

  // Second pass: exempts may refer to measures defined later or in other files.
  for (const { measure, src, index } of located) {
    measure.exempts?.forEach((target, i) => {
      if (!byId.has(target) && !AUTHORITY_SET.has(target)) {
        throw src.fail(
          ["measures", index, "exempts", i],
          `exempts "${target}", which is neither a measure id nor an authority`,
          "UNKNOWN_EXEMPT_TARGET",
        );
      }
      if (target === measure.id) throw src.fail(["measures", index, "exempts", i], "a measure cannot exempt itself");
    });
  }

  return { measures: located.map((l) => l.measure), files };
}
