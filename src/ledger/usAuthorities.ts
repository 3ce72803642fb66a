import { z } from "zod";
import { DataFileError } from "../common/errors.js";
import type { IssuerRegistry } from "./issuerRegistry.js";

/**
 * The US authorities as a typed list, for the US engine's own tables (precedence periods, legal views, the
 * decomposition keys of US averages, scenario targets). The registry of record is `ledger/us/issuer.yaml`; the US
 * compiler checks that this list and the registry name the same authorities (`checkUsAuthorities`).
 */
export const AUTHORITIES = [
  "base",
  "s301",
  "s232",
  "ieepa-fentanyl",
  "ieepa-reciprocal",
  "ieepa-other",
  "s122",
  "s201",
  "s301-forced-labor",
  "other",
] as const;
export const authoritySchema = z.enum(AUTHORITIES);
export type Authority = z.infer<typeof authoritySchema>;

/** The typed list and the registry name the same authorities; else an error naming issuer.yaml. */
export function checkUsAuthorities(registry: IssuerRegistry, file: string): void {
  const registered = registry.authorities.map((a) => a.id);
  const missing = AUTHORITIES.filter((a) => !registered.includes(a));
  const extra = registered.filter((a) => !(AUTHORITIES as readonly string[]).includes(a));
  if (missing.length > 0 || extra.length > 0) {
    throw new DataFileError(
      file,
      `the US engine's typed authority list (src/ledger/usAuthorities.ts) and the registry differ` +
        (missing.length ? `; not registered: ${missing.join(", ")}` : "") +
        (extra.length ? `; registered but unknown to the US engine's tables: ${extra.join(", ")}` : ""),
      { code: "BAD_LEDGER_FILE" },
    );
  }
}
