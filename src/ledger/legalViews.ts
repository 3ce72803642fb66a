import { InputError } from "../common/errors.js";
import type { Ledger, LedgerView } from "./ledgerTypes.js";

/** The form of a legal view id (views.yaml, scenarios, the API's `view` parameter). */
export const VIEW_ID_PATTERN = "^[a-z][a-z0-9-]*$";

/** The legal view asked for, or the ledger's default view (views.yaml); an unknown id is an error naming `field`. */
export function legalView(ledger: Pick<Ledger, "views">, id: string | undefined, field = "view"): LedgerView {
  if (id === undefined || id === "") return ledger.views.find((v) => v.default) ?? ledger.views[0]!;
  const view = ledger.views.find((v) => v.id === id);
  if (!view) throw new InputError("BAD_VIEW", field, `"${id}" is not a legal view of this ledger`, ledger.views.map((v) => v.id));
  return view;
}
