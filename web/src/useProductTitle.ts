import { apiUrl, useApi, type HtsSearchResult } from "./api.js";

/**
 * A line's readable title ("Sweaters, of cotton, men's"), from the schedule search (a code query lists the code
 * itself first). Undefined while loading, on error, or when the search does not know the code.
 */
export function useProductTitle(code: string | undefined): string | undefined {
  const digits = code?.replace(/\D/g, "") ?? "";
  const { data } = useApi<HtsSearchResult>(digits ? apiUrl("/api/hts/search", { q: digits, limit: 1 }) : null);
  const hit = data?.hits[0];
  return hit && hit.code.replace(/\D/g, "") === digits ? hit.title : undefined;
}
