import { TariffscopeError } from "../common/errors.js";

/** Print an error for a person (or as JSON with --json) and return the exit code: 2 for bad input/data, 1 otherwise. */
export function reportError(err: unknown, json: boolean): number {
  if (err instanceof TariffscopeError) {
    if (json) {
      process.stdout.write(
        `${JSON.stringify({ error: { code: err.code, message: err.message, input: err.input, suggestions: err.suggestions } }, null, 2)}\n`,
      );
    } else {
      process.stderr.write(`error [${err.code}]: ${err.message}\n`);
      if (err.suggestions.length > 0 && !err.message.includes("Did you mean")) {
        process.stderr.write(`  did you mean: ${err.suggestions.join(", ")}\n`);
      }
    }
    return 2;
  }
  // Not an input or data error: a fault of tariffscope itself. The message, and the stack only when asked for.
  const message = (err as Error)?.message ?? String(err);
  if (json) process.stdout.write(`${JSON.stringify({ error: { code: "INTERNAL", message, input: null, suggestions: [] } }, null, 2)}\n`);
  else if (process.env.TARIFFSCOPE_DEBUG) process.stderr.write(`error: ${(err as Error)?.stack ?? message}\n`);
  else process.stderr.write(`error [INTERNAL]: ${message} (a fault of tariffscope; TARIFFSCOPE_DEBUG=1 prints where)\n`);
  return 1;
}

/** Wrap a command action: errors are reported, never thrown at the user as a stack trace. */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    const opts = args.find((a) => a && typeof a === "object" && "json" in (a as object)) as
      { json?: boolean } | undefined;
    try {
      await fn(...args);
    } catch (err) {
      process.exitCode = reportError(err, Boolean(opts?.json));
    }
  };
}
