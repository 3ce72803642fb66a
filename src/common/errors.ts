/**
 * Errors that name the input at fault. Every error the library raises for bad input or bad data
 * is one of these, so interfaces (CLI, HTTP) can report a stable code and the offending input.
 */
export class TariffscopeError extends Error {
  /** Stable machine-readable code, e.g. "UNKNOWN_CODE", "CORRUPT_FILE". */
  readonly code: string;
  /** The input (argument, field, file) the error is about. */
  readonly input: string | undefined;
  /** Nearest valid alternatives, when there are any. */
  readonly suggestions: string[];

  constructor(code: string, message: string, options: { input?: string; suggestions?: string[]; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "TariffscopeError";
    this.code = code;
    this.input = options.input;
    this.suggestions = options.suggestions ?? [];
  }
}

/** A source file that is missing, truncated, corrupt or not in the expected shape. */
export class DataFileError extends TariffscopeError {
  readonly file: string;
  readonly position: string | undefined;

  constructor(file: string, message: string, options: { position?: string; cause?: unknown; code?: string } = {}) {
    const where = options.position ? ` at ${options.position}` : "";
    super(options.code ?? "BAD_DATA_FILE", `${file}${where}: ${message}`, { input: file, cause: options.cause });
    this.name = "DataFileError";
    this.file = file;
    this.position = options.position;
  }
}

/** A user-supplied value (code, date, origin, fact, option) that cannot be used. */
export class InputError extends TariffscopeError {
  constructor(code: string, field: string, message: string, suggestions: string[] = []) {
    const hint = suggestions.length > 0 ? ` Did you mean: ${suggestions.join(", ")}?` : "";
    super(code, `${field}: ${message}${hint}`, { input: field, suggestions });
    this.name = "InputError";
  }
}
