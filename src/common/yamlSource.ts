import { readFile } from "node:fs/promises";
import { isCollection, isNode, LineCounter, parseDocument, type Document } from "yaml";
import type { ZodIssue, ZodType, ZodTypeDef } from "zod";
import { DataFileError } from "./errors.js";

/**
 * YAML files validated by a schema, with every error naming the file and the line of the offending node: the curated
 * ledger files, the precedence table, scenarios.
 */

/** A parsed YAML file that can map a path inside the document to its source line. */
export class YamlSource {
  readonly doc: Document.Parsed;
  private readonly lines: LineCounter;

  constructor(
    readonly file: string,
    text: string,
    /** Error code of every error about this file (e.g. BAD_LEDGER_FILE, BAD_SCENARIO). */
    readonly code = "BAD_DATA_FILE",
  ) {
    this.lines = new LineCounter();
    this.doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: true, uniqueKeys: true });
    const first = this.doc.errors[0];
    if (first) {
      const pos = first.linePos?.[0];
      const message = (first.message.split("\n")[0] ?? first.message).replace(/ at line \d+, column \d+:?\s*$/, "");
      throw new DataFileError(file, `invalid YAML: ${message}`, {
        position: pos ? `line ${pos.line}, column ${pos.col}` : undefined,
        code,
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

  fail(path: ReadonlyArray<string | number>, message: string, code = this.code): DataFileError {
    return new DataFileError(this.file, `${formatPath(path)}: ${message}`, {
      position: `line ${this.lineOf(path)}`,
      code,
    });
  }
}

export function formatPath(path: ReadonlyArray<string | number>): string {
  if (path.length === 0) return "(document)";
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}

export function zodFailure(src: YamlSource, issues: ZodIssue[]): DataFileError {
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
    code: src.code,
  });
}

/** Read and parse a YAML file (a read failure is MISSING_FILE; a syntax error names line and column). */
export async function readYamlSource(file: string, code: string): Promise<YamlSource> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (cause) {
    throw new DataFileError(file, "cannot read the file", { cause, code: "MISSING_FILE" });
  }
  return new YamlSource(file, text, code);
}


/** Parse YAML text and validate it; errors name the file and line, with `code`. */
export function parseValidatedYaml<T>(file: string, text: string, schema: ZodType<T, ZodTypeDef, unknown>, code: string): T {
  const src = new YamlSource(file, text, code);
  const parsed = schema.safeParse(src.doc.toJS({ maxAliasCount: 0 }));
  if (!parsed.success) throw zodFailure(src, parsed.error.issues);
  return parsed.data;
}

/** Read, parse and validate a YAML file. */
export async function readValidatedYaml<T>(file: string, schema: ZodType<T, ZodTypeDef, unknown>, code: string): Promise<T> {
  const src = await readYamlSource(file, code);
  const parsed = schema.safeParse(src.doc.toJS({ maxAliasCount: 0 }));
  if (!parsed.success) throw zodFailure(src, parsed.error.issues);
  return parsed.data;
}
