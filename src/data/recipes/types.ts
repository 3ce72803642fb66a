/**
 * What a recipe is: the named, small step that turns a publisher's official form (a PDF, a JSON export, an API answer)
 * into the file the cache stores. The manifest names a recipe per dataset; `src/data/sync.ts` runs it.
 */

/** Forms in which publishers serve their documents and data. */
export const OFFICIAL_FORMS = ["pdf", "xlsx", "zip", "json-api", "html", "json", "csv", "txt"] as const;
export type OfficialForm = (typeof OFFICIAL_FORMS)[number];

/** How an implemented recipe stores what it downloaded. */
export type StoredEncoding =
  /** The downloaded bytes are the stored file; verified against the manifest's `sha256`. */
  | "bytes"
  /** The downloaded bytes are gzipped on write; verified against the manifest's `contentSha256` (uncompressed). */
  | "gzip"
  /**
   * The download is converted into another file (an API answer into Parquet); verified against the manifest's
   * `contentSha256`, a digest of the content the recipe defines (`contentDigest`), since a writer's bytes vary.
   */
  | "convert"
  /**
   * The text of the downloaded document (a PDF, an HTML page) is extracted into the stored file. The document is
   * verified against the manifest's `official.sha256` when it pins one; the stored text is the extraction's own
   * (its bytes differ from a mirror's copy made by another tool, while the readers parse the same results from both).
   */
  | "extract";

/** The conversion step of a `convert` recipe. */
export interface Conversion {
  /** Turn the downloaded file `input` into the stored file `output` (a new file); errors name `label`. */
  convert(input: string, output: string, label: string): Promise<void>;
  /** Digest of a stored file's content (the manifest's `contentSha256`), or null when it is not such a file. */
  contentDigest(file: string): Promise<string | null>;
}

/** The extraction step of an `extract` recipe. */
export interface Extraction {
  /** Extract the text of the downloaded document `input` into the stored file `output` (a new file); errors name `label`. */
  extract(input: string, output: string, label: string): Promise<void>;
}

/** A named recipe. */
export interface Recipe {
  readonly id: string;
  /** One line for people: what it does. */
  readonly description: string;
  /** The official forms it takes. */
  readonly forms: readonly OfficialForm[];
  /**
   * Implemented: how the download is stored. Not implemented yet: what is missing, which sync reports for every
   * dataset that needs it (the file then comes from a mirror folder only).
   */
  readonly status:
    | { implemented: true; stored: "bytes" | "gzip" }
    | ({ implemented: true; stored: "convert" } & Conversion)
    | ({ implemented: true; stored: "extract" } & Extraction)
    | { implemented: false; missing: string };
}
