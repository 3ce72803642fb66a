/**
 * A loopback HTTP server standing in for the publishers: it serves each dataset's official form at its official
 * host and path (`/<host><path>?<query>`, the layout `publisherUrl` maps to), built from a manifest and a mirror
 * folder (the HTS JSON uncompressed, as USITC serves it; a PDF as is; for a text extracted from a PDF, the PDF the
 * mirror holds beside it — a text with no such document in the mirror gets no route, i.e. 404). It honours HEAD and `Range: bytes=<n>-`
 * (with `If-Range`), sends ETag and Last-Modified, and can be told to misbehave per path: answer a status, cut the
 * body short, corrupt a byte, or answer an HTML page, for the first `times` requests (or always).
 */
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { DuckDBInstance } from "@duckdb/node-api";
import { createHash } from "node:crypto";
import { officialRecipe, type SourceManifest } from "../../src/data/manifest.js";
import { getRecipe } from "../../src/data/recipes/index.js";

/** How a path misbehaves. */
export type Fault =
  | { kind: "status"; status: number }
  | { kind: "truncate"; afterBytes: number }
  | { kind: "corrupt" }
  | { kind: "html" }
  /** Send the body gzip-encoded (Content-Encoding: gzip), although the client asked for identity. */
  | { kind: "gzip-encoding" };

interface Route {
  /** Bytes of the official form, or a function producing them (changed later by `replace`). */
  body: () => Buffer | Promise<Buffer>;
  type: string;
}

/**
 * The Census international trade API's answer to `url`, made from the mirror's Parquet extract of it: a JSON array
 * whose first row names the columns — the `get` variables, then the predicate variables not among them — and whose
 * values are all strings (`time` as YYYY-MM).
 */
async function censusAnswer(url: string, parquet: string): Promise<Buffer> {
  const q = new URL(url).searchParams;
  const get = (q.get("get") ?? "").split(",");
  const columns = [...get, ...[...q.keys()].filter((k) => k !== "get" && !get.includes(k))];
  const instance = await DuckDBInstance.create(":memory:", { threads: "1" });
  const connection = await instance.connect();
  try {
    const file = `'${parquet.replaceAll("'", "''")}'`;
    const types = new Map(
      (await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${file})`))
        .getRowObjects()
        .map((c) => [String(c.column_name), String(c.column_type)]),
    );
    const select = columns
      .map((c) => (types.get(c) === "TIMESTAMP" ? `strftime("${c}", '%Y-%m')` : `CAST("${c}" AS VARCHAR)`))
      .join(", ");
    const rows = (await connection.runAndReadAll(`SELECT ${select} FROM read_parquet(${file})`)).getRowsJson();
    return Buffer.from(JSON.stringify([columns, ...rows]));
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

export interface PublisherServer {
  base: string;
  /** Requests seen: method, path, range header. */
  requests: Array<{ method: string; path: string; range?: string }>;
  /** Make `officialUrl` misbehave for its next `times` requests (default: always). */
  fault: (officialUrl: string, fault: Fault, times?: number) => void;
  /** Serve other bytes for `officialUrl` from now on (a publisher republishing its file). */
  replace: (officialUrl: string, body: Buffer) => void;
  /** Serve `body` at `officialUrl` (for tiny hand-made manifests). */
  serve: (officialUrl: string, body: Buffer, type?: string) => void;
  close: () => Promise<void>;
}

const keyOf = (officialUrl: string): string => {
  const u = new URL(officialUrl);
  return `/${u.host}${u.pathname}${u.search}`;
};

const TYPES: Record<string, string> = {
  pdf: "application/pdf",
  json: "application/json",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  zip: "application/zip",
  csv: "text/csv",
  txt: "text/plain",
  html: "text/html",
  "json-api": "application/json",
};

/** Start the server; with a manifest and mirror, every implemented recipe's official form is served. */
export async function startPublisherServer(source?: {
  manifest: SourceManifest;
  mirror: string;
}): Promise<PublisherServer> {
  const routes = new Map<string, Route>();
  const faults = new Map<string, { fault: Fault; left: number }>();
  const requests: PublisherServer["requests"] = [];
  if (source) {
    const inMirror = (rel: string): string => path.join(source.mirror, ...rel.split("/"));
    // The documents the mirror holds as served (byte copies), by checksum: what an extract recipe's address serves.
    const documents = new Map(
      source.manifest.entries
        .filter((e) => {
          const off = officialRecipe(e);
          const status = off ? getRecipe(off.recipe)?.status : undefined;
          return status?.implemented === true && status.stored === "bytes";
        })
        .map((e) => [e.sha256, inMirror(e.path)]),
    );
    for (const e of source.manifest.entries) {
      const off = officialRecipe(e);
      const recipe = off ? getRecipe(off.recipe) : undefined;
      if (!off || !recipe?.status.implemented) continue;
      const stored = recipe.status.stored;
      if (stored === "extract") {
        const document = off.sha256 !== undefined ? documents.get(off.sha256) : undefined;
        if (document !== undefined)
          routes.set(keyOf(off.url), {
            body: () => readFileSync(document),
            type: TYPES[off.form] ?? "application/octet-stream",
          });
        continue;
      }
      const file = inMirror(e.path);
      routes.set(keyOf(off.url), {
        body:
          stored === "convert"
            ? () => censusAnswer(off.url, file)
            : () => (stored === "gzip" ? gunzipSync(readFileSync(file)) : readFileSync(file)),
        type: TYPES[off.form] ?? "application/octet-stream",
      });
    }
  }

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const key = req.url ?? "/";
    const range = req.headers.range;
    requests.push({ method: req.method ?? "GET", path: key, ...(range ? { range } : {}) });
    const route = routes.get(key);
    if (!route) {
      res.writeHead(404, { "content-type": "text/html" }).end("<html><body>Not Found</body></html>");
      return;
    }
    const f = faults.get(key);
    const fault = f && f.left > 0 ? f.fault : undefined;
    if (f && fault) f.left--;
    if (fault?.kind === "status") {
      res
        .writeHead(fault.status, { "content-type": "text/html" })
        .end(`<html><body>Error ${fault.status}</body></html>`);
      return;
    }
    if (fault?.kind === "html") {
      res.writeHead(200, { "content-type": "text/html" }).end("<!DOCTYPE html><html><body>Please log in</body></html>");
      return;
    }
    let body = await route.body();
    // The validator is the publisher's file's; a corrupt fault is damage in transit.
    const etag = `"${createHash("sha1").update(body).digest("hex").slice(0, 16)}"`;
    if (fault?.kind === "corrupt") {
      body = Buffer.from(body);
      const i = Math.floor(body.length / 2);
      body[i] = (body[i] ?? 0) ^ 0xff;
    }
    const headers: Record<string, string | number> = {
      "content-type": route.type,
      etag,
      "last-modified": "Mon, 01 Jun 2026 00:00:00 GMT",
      "accept-ranges": "bytes",
    };
    let start = 0;
    let status = 200;
    const m = /^bytes=(\d+)-$/.exec(range ?? "");
    const ifRange = req.headers["if-range"];
    if (m && (ifRange === undefined || ifRange === etag)) {
      start = Number(m[1]);
      if (start >= body.length) {
        res.writeHead(416, { "content-range": `bytes */${body.length}` }).end();
        return;
      }
      status = 206;
      headers["content-range"] = `bytes ${start}-${body.length - 1}/${body.length}`;
    }
    let slice = body.subarray(start);
    if (fault?.kind === "gzip-encoding") {
      slice = gzipSync(slice);
      headers["content-encoding"] = "gzip";
    }
    headers["content-length"] = slice.length;
    res.writeHead(status, headers);
    if (req.method === "HEAD") {
      res.end();
      return;
    }
    if (fault?.kind === "truncate") {
      // Promise the whole body, send part of it, then cut the connection (a moment later, as a network does: a
      // client reading the stream has the bytes sent before the cut).
      res.write(slice.subarray(0, Math.min(fault.afterBytes, slice.length)), () => {
        setTimeout(() => res.destroy(), 150).unref();
      });
      return;
    }
    res.end(slice);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      res.writeHead(500, { "content-type": "text/plain" }).end(`test server: ${String(err)}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    requests,
    fault: (url, fault, times = Number.POSITIVE_INFINITY) => faults.set(keyOf(url), { fault, left: times }),
    replace: (url, body) => {
      const r = routes.get(keyOf(url));
      if (!r) throw new Error(`no route for ${url}`);
      routes.set(keyOf(url), { ...r, body: () => body });
    },
    serve: (url, body, type = "application/octet-stream") => routes.set(keyOf(url), { body: () => body, type }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
