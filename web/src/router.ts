import { useEffect, useState } from "react";

/** The dashboard's pages, and its state in the URL (path + query), so every view is a shareable link. */
export const PAGES = [
  { path: "/", label: "Overview" },
  { path: "/product", label: "Product" },
  { path: "/origins", label: "Origins" },
  { path: "/scenarios", label: "Scenarios" },
  { path: "/changes", label: "Changes" },
  { path: "/china-product", label: "Into China" },
  { path: "/relationship", label: "Relationship" },
  { path: "/screening", label: "Screening" },
  { path: "/commitments", label: "Commitments" },
  { path: "/refunds", label: "Refunds" },
] as const;

export interface Route {
  path: string;
  query: URLSearchParams;
}

const read = (): Route => ({ path: window.location.pathname, query: new URLSearchParams(window.location.search) });

const EVENT = "tariffscope:navigate";

export function useRoute(): Route {
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const on = (): void => setRoute(read());
    window.addEventListener("popstate", on);
    window.addEventListener(EVENT, on);
    return () => {
      window.removeEventListener("popstate", on);
      window.removeEventListener(EVENT, on);
    };
  }, []);
  return route;
}

export type QueryPatch = Record<string, string | string[] | undefined>;

export function hrefOf(path: string, params: QueryPatch = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (Array.isArray(v)) for (const x of v) q.append(k, x);
    else if (v !== undefined && v !== "") q.set(k, v);
  }
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/** Go to a page (push), or update the current page's state (replace: no history entry per keystroke). */
export function navigate(path: string, params: QueryPatch = {}, replace = false): void {
  const href = hrefOf(path, params);
  if (href === window.location.pathname + window.location.search) return;
  if (replace) window.history.replaceState(null, "", href);
  else window.history.pushState(null, "", href);
  window.dispatchEvent(new Event(EVENT));
}

/** Update some query parameters of the current page. */
export function setQuery(patch: QueryPatch, replace = false): void {
  const current = new URLSearchParams(window.location.search);
  const q: QueryPatch = {};
  for (const k of new Set(current.keys())) {
    const all = current.getAll(k);
    q[k] = all.length > 1 ? all : all[0];
  }
  navigate(window.location.pathname, { ...q, ...patch }, replace);
}
