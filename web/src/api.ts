import { useEffect, useState } from "react";
import type { ApiErrorBody } from "../../src/server/apiTypes.js";

export type * from "../../src/server/apiTypes.js";

/** An error answer of the API (or a network failure: status 0). */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field: string | null = null,
    readonly suggestions: string[] = [],
  ) {
    super(message);
  }
}

export type Params = Record<string, string | number | undefined | null | string[]>;

/** Build `/api/x?a=1&b=2` (arrays repeat the parameter; empty values are left out). */
export function apiUrl(path: string, params: Params = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === "") continue;
    if (Array.isArray(v)) for (const x of v) q.append(k, x);
    else q.append(k, String(v));
  }
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

const memo = new Map<string, Promise<unknown>>();

async function request<T>(url: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept: "application/json" }, ...init });
  } catch (err) {
    throw new ApiFailure(0, "NETWORK", `the server did not answer (${(err as Error).message})`);
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    throw new ApiFailure(res.status, "BAD_RESPONSE", `unexpected answer from ${url}`);
  }
  if (!res.ok) {
    const e = (body as ApiErrorBody | null)?.error;
    throw new ApiFailure(
      res.status,
      e?.code ?? "HTTP_" + res.status,
      e?.message ?? res.statusText,
      e?.field ?? null,
      e?.suggestions ?? [],
    );
  }
  return body as T;
}

/** GET JSON (memoized per URL for the page's life; failures are not kept). */
export function getJson<T>(url: string): Promise<T> {
  let p = memo.get(url) as Promise<T> | undefined;
  if (!p) {
    p = request<T>(url);
    memo.set(url, p);
    p.catch(() => memo.delete(url));
  }
  return p;
}

export function postText<T>(url: string, text: string, contentType: string): Promise<T> {
  return request<T>(url, {
    method: "POST",
    body: text,
    headers: { "content-type": contentType, accept: "application/json" },
  });
}

export interface Loaded<T> {
  data: T | undefined;
  error: ApiFailure | undefined;
  loading: boolean;
}

/** Fetch `url` (null: nothing) and follow it as it changes; the last answer stays shown while the next one loads. */
export function useApi<T>(url: string | null, retryKey = 0): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ data: undefined, error: undefined, loading: url !== null });
  useEffect(() => {
    if (url === null) {
      setState({ data: undefined, error: undefined, loading: false });
      return;
    }
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    getJson<T>(url).then(
      (data) => live && setState({ data, error: undefined, loading: false }),
      (error: ApiFailure) => live && setState({ data: undefined, error, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [url, retryKey]);
  return state;
}
