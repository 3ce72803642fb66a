import { readFile } from "node:fs/promises";
import { isAlias, isCollection, isMap, isNode, isPair, isScalar, LineCounter, parseDocument, type Document, type Node } from "yaml";
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
    /** Error code of a text that is not acceptable YAML (syntax, duplicate keys, unsafe aliases); default `code`. */
    readonly syntaxCode = code,
  ) {
    this.lines = new LineCounter();
    // Duplicate keys are checked by checkStructure in one pass (the parser's own check compares every pair of keys).
    this.doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: true, uniqueKeys: false });
    const first = this.doc.errors[0];
    if (first) {
      const pos = first.linePos?.[0];
      const raw = (first.message.split("\n")[0] ?? first.message).replace(/ at line \d+, column \d+:?\s*$/, "");
      const message = /call stack/i.test(raw) ? `nesting deeper than the parser can follow` : raw;
      throw new DataFileError(file, `invalid YAML: ${message}`, {
        position: pos ? `line ${pos.line}, column ${pos.col}` : undefined,
        code: syntaxCode,
      });
    }
    checkStructure(this.doc.contents, {
      fail: (node, message) => this.failAt(node, message),
      line: (node) => (node.range ? this.lines.linePos(node.range[0]).line : 0),
    });
  }

  /** The value as plain data (aliases already checked by checkStructure: known anchors, no cycles, bounded size). */
  toJS(): unknown {
    return this.doc.toJS({ maxAliasCount: -1 });
  }

  private failAt(node: Node, message: string): DataFileError {
    const line = node.range ? this.lines.linePos(node.range[0]) : undefined;
    return new DataFileError(this.file, `invalid YAML: ${message}`, {
      position: line ? `line ${line.line}, column ${line.col}` : undefined,
      code: this.syntaxCode,
    });
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
  if (first.code === "unrecognized_keys") message = `unknown field(s) ${listSome(first.keys)}`;
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
  const parsed = schema.safeParse(src.toJS());
  if (!parsed.success) throw zodFailure(src, parsed.error.issues);
  return parsed.data;
}

/** Read, parse and validate a YAML file. */
export async function readValidatedYaml<T>(file: string, schema: ZodType<T, ZodTypeDef, unknown>, code: string): Promise<T> {
  const src = await readYamlSource(file, code);
  const parsed = schema.safeParse(src.toJS());
  if (!parsed.success) throw zodFailure(src, parsed.error.issues);
  return parsed.data;
}

/** At most `max` names, then how many more (a message never grows with the input). */
function listSome(names: string[], max = 5): string {
  const shown = names.slice(0, max).join(", ");
  return names.length > max ? `${shown} (and ${names.length - max} more)` : shown;
}

/** A name quoted for a message, cut to 60 characters. */
function quoteShort(name: string): string {
  return JSON.stringify(name.length > 60 ? `${name.slice(0, 60)}…` : name);
}

/** Deepest nesting of collections a file may have (the curated files and scenarios use fewer than 10 levels). */
export const MAX_YAML_DEPTH = 64;
/** Most nodes a file may hold once its aliases are expanded (a 64 KB scenario holds fewer than 40,000 nodes). */
export const MAX_YAML_EXPANDED_NODES = 100_000;

/**
 * One pass over the document, in document order: keys are scalars and unique in their mapping, `<<` merge keys are
 * refused, nesting is at most MAX_YAML_DEPTH, and every alias names an anchor defined before it, outside its own
 * node, with the expanded document at most MAX_YAML_EXPANDED_NODES nodes (no alias bombs). Errors point at the node.
 */
function checkStructure(
  root: unknown,
  { fail, line }: { fail: (node: Node, message: string) => Error; line: (node: Node) => number },
): void {
  /** Expanded size of each anchored node by anchor name (null while the node is being walked). */
  const anchors = new Map<string, number | null>();
  let expanded = 0;
  const walk = (node: unknown, depth: number): void => {
    if (!isNode(node)) return;
    const start = expanded;
    if (isAlias(node)) {
      const size = anchors.get(node.source);
      if (size === undefined) throw fail(node, `alias *${node.source} has no anchor before it`);
      if (size === null) throw fail(node, `alias *${node.source} refers to the node that contains it`);
      expanded += size;
      if (expanded > MAX_YAML_EXPANDED_NODES)
        throw fail(node, `aliases expand the document beyond ${MAX_YAML_EXPANDED_NODES} nodes (alias *${node.source})`);
      return;
    }
    const anchor = node.anchor;
    if (anchor) anchors.set(anchor, null);
    expanded += 1;
    if (expanded > MAX_YAML_EXPANDED_NODES) throw fail(node, `the document has more than ${MAX_YAML_EXPANDED_NODES} nodes`);
    if (isCollection(node)) {
      if (depth >= MAX_YAML_DEPTH) throw fail(node, `nesting deeper than ${MAX_YAML_DEPTH} levels`);
      const keys = isMap(node) ? new Map<string, Node>() : undefined;
      for (const item of node.items) {
        if (isPair(item)) {
          const key = item.key;
          if (keys) {
            if (!isScalar(key)) throw fail(isNode(key) ? key : node, "a key must be a plain value (text or number)");
            const name = String(key.value);
            if (name === "<<") throw fail(key, "merge keys (<<) are not supported: write the fields out");
            const earlier = keys.get(name);
            if (earlier) throw fail(key, `duplicate key ${quoteShort(name)} (first at line ${line(earlier)})`);
            keys.set(name, key);
          }
          walk(key, depth + 1);
          walk(item.value, depth + 1);
        } else {
          walk(item, depth + 1);
        }
      }
    }
    if (anchor) anchors.set(anchor, expanded - start);
  };
  walk(root, 0);
}
