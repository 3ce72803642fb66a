import { readdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { z } from "zod";
import { DataFileError } from "../common/errors.js";
import { isLegalDay } from "../common/legalDate.js";
import { formatPath, readYamlSource, zodFailure, type YamlSource } from "../common/yamlSource.js";
import { listReaderSchema } from "./listReaderRegistry.js";
import { authorityIdSchema, loadIssuerRegistry, type IssuerRegistry } from "./issuerRegistry.js";
import { instrumentRegistrySchema, ledgerFileSchema, type Instrument, type IssuerMeasure, type LedgerFileMeasure } from "./measureSchema.js";

/**
 * Reader of an issuer's curated ledger, the same for every issuer: every `ledger/<issuer>/events/*.yaml` file
 * (validated by the one measure schema, `ledgerFileSchema`), checked against the issuer's own registries: `issuer.yaml`
 * (authorities, heading form), `instruments.yaml` and the product-list registry `product-lists.yaml`. Every error names
 * the file and the line of the offending YAML node, so a curator can fix the data without reading code.
 */

/**
 * A step of a derived list: the codes of `lists` (union) that are not covered by any of `notIn`, limited to the HS
 * chapters named (two digits). `expectCount`, when an official text states how many codes the change made, is checked
 * when the list is resolved.
 */
const deriveStepSchema = z
  .object({
    lists: z.array(z.string().min(1)).min(1),
    notIn: z.array(z.string().min(1)).default([]),
    chapters: z.array(z.string().regex(/^\d{2}$/)).optional(),
    expectCount: z.number().int().positive().optional(),
    why: z.string().min(1),
  })
  .strict();
export type DeriveStep = z.infer<typeof deriveStepSchema>;

/** One product list the ledger refers to by id (`products.lists`), and where its content is read from. */
export const productListEntrySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, "list ids are lower-case words with dots and dashes"),
    title: z.string().min(1),
    /** One of the issuer's authorities (issuer.yaml). */
    authority: authorityIdSchema,
    /** The official text holding the list: a mirror file (relative to the data root) and where in it. */
    source: z.object({ file: z.string().min(1), where: z.string().min(1) }).strict(),
    /**
     * note: a U.S. note subdivision; annex: a proclamation/EO/announcement annex or an official list; table: a column
     * or a step of a data table (a research workbook, a rate series); codes: printed codes typed into this registry;
     * derived: a dated state rebuilt from other lists by the changes the texts date (`derive`).
     */
    kind: z.enum(["note", "annex", "table", "codes", "derived"]),
    /** For kinds note, annex and table: the reader that reads `source.file`, with its arguments (src/ledger/listReaderRegistry.ts). */
    reader: listReaderSchema.optional(),
    derive: z
      .object({ from: z.array(z.string().min(1)).min(1), remove: z.array(deriveStepSchema).default([]), add: z.array(deriveStepSchema).default([]) })
      .strict()
      .optional(),
    codes: z.array(z.string().regex(/^\d{2,4}(\.\d{2}){0,3}$|^\d{2,10}$/, "expected an HTS code")).optional(),
    note: z.string().optional(),
  })
  .strict()
  .refine((e) => e.kind !== "codes" || e.codes !== undefined, {
    message: 'a list of kind "codes" needs `codes` (an empty list is allowed when the text is not available)',
    path: ["codes"],
  })
  .refine((e) => (e.kind === "note" || e.kind === "annex" || e.kind === "table") === (e.reader !== undefined), {
    message: 'a list of kind "note", "annex" or "table" needs `reader` (which reader reads its file, with what arguments), and only those kinds may have one',
    path: ["reader"],
  })
  .refine((e) => (e.kind === "derived") === (e.derive !== undefined), {
    message: 'a list of kind "derived" needs `derive` (and only it may have one)',
    path: ["derive"],
  });
export type ProductListEntry = z.infer<typeof productListEntrySchema>;

export const productListRegistrySchema = z.object({ lists: z.array(productListEntrySchema) }).strict();

export interface LoadedLedger {
  /** All measures, files in name order and measures in file order. */
  measures: IssuerMeasure[];
  /** The file each measure is written in, by measure id (for errors of later steps). */
  fileOf: Map<string, string>;
  /** The files read, in the order read. */
  files: string[];
  /** The registries the measures were checked against (read once; the compiler uses them too). */
  issuer: IssuerRegistry;
  instruments: Map<string, Instrument>;
}

export interface LoadLedgerOptions {
  /** The product-list registry; defaults to `product-lists.yaml` in the parent folder of `dir`. */
  productListsFile?: string;
  /** The product-list registry already loaded from `productListsFile` (not read again). */
  registry?: Map<string, ProductListEntry>;
  /** The instrument registry; defaults to `instruments.yaml` in the parent folder of `dir`. */
  instrumentsFile?: string;
  /** The folder holding `issuer.yaml`; defaults to the parent folder of `dir`. */
  issuerDir?: string;
}

/** Load and validate the product-list registry (`ledger/us/product-lists.yaml`); ids are unique. */
export async function loadProductListRegistry(file: string): Promise<Map<string, ProductListEntry>> {
  const src = await readYamlSource(file, "BAD_LEDGER_FILE");
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
  measure: LedgerFileMeasure;
  src: YamlSource;
  index: number;
}

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
  const registry = options.registry ?? (await loadProductListRegistry(listsFile));
  const instrumentsFile = options.instrumentsFile ?? resolve(dir, "..", "instruments.yaml");
  const instruments = await loadInstrumentRegistry(instrumentsFile);
  const issuer = await loadIssuerRegistry(options.issuerDir ?? resolve(dir, ".."));
  const headingPattern = issuer.headingPattern === undefined ? undefined : new RegExp(issuer.headingPattern);
  const authorities = new Set(issuer.authorities.map((a) => a.id));
  for (const entry of registry.values()) {
    if (!authorities.has(entry.authority)) {
      throw new DataFileError(listsFile, `list "${entry.id}": authority "${entry.authority}" is not registered for ${issuer.issuer} (issuer.yaml)`, { code: "BAD_LEDGER_FILE" });
    }
  }

  const files: string[] = [];
  const located: Located[] = [];
  for (const name of names) {
    const file = join(dir, name);
    const src = await readYamlSource(file, "BAD_LEDGER_FILE");
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
    if (measure.products.list !== undefined) listRefs.push([measure.products.list, at("products", "list")]);
    measure.products.except?.lists?.forEach((id, i) => listRefs.push([id, at("products", "except", "lists", i)]));
    for (const [id, path] of listRefs) {
      if (!registry.has(id)) {
        throw src.fail(path, `unknown product-list id "${id}" (not in ${listsFile})`, "UNKNOWN_PRODUCT_LIST");
      }
    }

    if (headingPattern && measure.heading === undefined) {
      throw src.fail(at("id"), `measure ${measure.id} has no heading (every ${issuer.issuer} measure declares one, like ${issuer.headingExample})`);
    }
    if (headingPattern && measure.heading !== undefined && !headingPattern.test(measure.heading)) {
      throw src.fail(at("heading"), `"${measure.heading}" is not a ${issuer.issuer} heading like ${issuer.headingExample}`);
    }
    if (!headingPattern && measure.heading !== undefined) {
      throw src.fail(at("heading"), `${issuer.issuer} measures declare no heading (issuer.yaml has no headingPattern): measure ${measure.id}`);
    }
    if (!authorities.has(measure.authority)) {
      throw src.fail(at("authority"), `measure ${measure.id}: authority "${measure.authority}" is not registered for ${issuer.issuer} (issuer.yaml: ${[...authorities].join(", ")})`);
    }
    if (!instruments.has(measure.instrument)) {
      throw src.fail(at("instrument"), `unknown instrument "${measure.instrument}" (not in ${instrumentsFile})`, "UNKNOWN_INSTRUMENT");
    }

    if (measure.role === "duty" && measure.exempts !== undefined) {
      throw src.fail(at("exempts"), "only exemption measures may name `exempts`");
    }
  }

  // Second pass: exempts may refer to measures defined later or in other files.
  for (const { measure, src, index } of located) {
    measure.exempts?.forEach((target, i) => {
      if (!byId.has(target) && !authorities.has(target)) {
        throw src.fail(
          ["measures", index, "exempts", i],
          `exempts "${target}", which is neither a measure id nor an authority`,
          "UNKNOWN_EXEMPT_TARGET",
        );
      }
      if (target === measure.id) throw src.fail(["measures", index, "exempts", i], "a measure cannot exempt itself");
    });
  }

  const measures: IssuerMeasure[] = located.map(({ measure }) => ({ ...measure, instrument: instruments.get(measure.instrument)! }));
  const fileOf = new Map(located.map(({ measure, src }) => [measure.id, src.file]));
  return { measures, fileOf, files, issuer, instruments };
}

/**
 * Load an issuer's instrument registry (`ledger/<issuer>/instruments.yaml`): every legal instrument once. A key or an instrument id
 * written twice is an error naming the line of the second.
 */
export async function loadInstrumentRegistry(file: string): Promise<Map<string, Instrument>> {
  const src = await readYamlSource(file, "BAD_LEDGER_FILE");
  const parsed = instrumentRegistrySchema.safeParse(src.doc.toJS());
  if (!parsed.success) throw zodFailure(src, parsed.error.issues);
  const out = new Map<string, Instrument>();
  const ids = new Map<string, string>();
  parsed.data.instruments.forEach(({ key, ...instrument }, i) => {
    if (out.has(key)) throw src.fail(["instruments", i, "key"], `duplicate instrument key "${key}"`, "DUPLICATE_INSTRUMENT");
    const prior = ids.get(instrument.id);
    if (prior) throw src.fail(["instruments", i, "id"], `instrument "${instrument.id}" is already registered as "${prior}"`, "DUPLICATE_INSTRUMENT");
    ids.set(instrument.id, key);
    if (instrument.url === undefined && instrument.uncertain === undefined) {
      throw src.fail(["instruments", i, "key"], `instrument "${key}" has no url: say in \`uncertain\` why (and name the file it was read from in \`source\` if there is one)`);
    }
    out.set(key, instrument);
  });
  return out;
}
