import { DataFileError } from "../common/errors.js";
import type { LoadedLedger } from "./eventFiles.js";
import { measureSchema, type Measure } from "./measureSchema.js";

/**
 * The measures of a ledger read by the shared reader, checked against the forms the duty-stack resolver of src/engine
 * evaluates (`measureSchema`: a declared heading, a typed US authority, a rate it can evaluate, an instrument with its
 * address). A measure of another form is an error naming its file and id, never a silent skip.
 */
export function toStackMeasures(loaded: Pick<LoadedLedger, "measures" | "fileOf">): Measure[] {
  return loaded.measures.map((m) => {
    const parsed = measureSchema.safeParse(m);
    if (parsed.success) return parsed.data;
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(measure)"}: ${i.message}`).join("; ");
    throw new DataFileError(loaded.fileOf.get(m.id) ?? "events", `measure ${m.id} is not in a form the duty-stack resolver evaluates: ${issues}`, {
      code: "BAD_LEDGER_FILE",
    });
  });
}
