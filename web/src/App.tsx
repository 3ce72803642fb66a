import { useEffect, useState, type MouseEvent } from "react";
import { ApiFailure, type ApiErrorBody, type StatusBody } from "./api.js";
import { setRegistries } from "./format.js";
import { navigate, PAGES, useRoute } from "./router.js";
import { Overview } from "./pages/Overview.js";
import { Product } from "./pages/Product.js";
import { Scenarios } from "./pages/Scenarios.js";
import { Changes } from "./pages/Changes.js";
import { Relationship } from "./pages/Relationship.js";
import { Screening } from "./pages/Screening.js";
import { Commitments } from "./pages/Commitments.js";
import { ChinaProduct } from "./china/ChinaProduct.js";
import { Origins } from "./pages/Origins.js";
import { Refunds } from "./pages/Refunds.js";

/** /api/status, polled every few seconds while the ledger is still opening. */
function useStatus(): { status: StatusBody | undefined; error: ApiFailure | undefined } {
  const [status, setStatus] = useState<StatusBody>();
  const [error, setError] = useState<ApiFailure>();
  useEffect(() => {
    let timer: number | undefined;
    let live = true;
    const poll = async (): Promise<void> => {
      try {
        const res = await fetch("/api/status", { headers: { accept: "application/json" } });
        const body = (await res.json()) as StatusBody | ApiErrorBody;
        if (!("ledger" in body)) {
          const e = "error" in body ? body.error : undefined;
          throw new ApiFailure(res.status, e?.code ?? "BAD_STATUS", e?.message ?? `status answered ${res.status}`);
        }
        if (!live) return;
        setRegistries(body);
        setStatus(body);
        setError(undefined);
        if (body.ledger.state === "loading") timer = window.setTimeout(poll, 2000);
      } catch (err) {
        if (!live) return;
        setError(err instanceof ApiFailure ? err : new ApiFailure(0, "NETWORK", (err as Error).message));
        timer = window.setTimeout(poll, 4000);
      }
    };
    void poll();
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, []);
  return { status, error };
}

export function App() {
  const route = useRoute();
  const { status, error } = useStatus();
  const page = PAGES.find((p) => p.path === route.path) ?? PAGES[0];
  useEffect(() => {
    document.title = `${page.label} · tariffscope`;
  }, [page.label]);
  const go = (e: MouseEvent<HTMLAnchorElement>, path: string): void => {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    navigate(path);
  };
  const ready = status?.ledger.state === "ready";
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <div className="brand">
          <span className="logo" aria-hidden="true" />
          tariffscope
          <span className="tagline">US duties on goods of China, by law and by date</span>
        </div>
        <nav aria-label="Pages">
          {PAGES.map((p) => (
            <a
              key={p.path}
              href={p.path}
              aria-current={p.path === page.path ? "page" : undefined}
              onClick={(e) => go(e, p.path)}
            >
              {p.label}
            </a>
          ))}
        </nav>
      </header>
      {error && <div className="banner error">The server does not answer: {error.message}</div>}
      {status && status.ledger.state === "loading" && (
        <div className="banner">The ledger is being compiled… this page updates by itself.</div>
      )}
      {status && status.ledger.state === "failed" && (
        <div className="banner error">The ledger could not be opened: {status.ledger.error}</div>
      )}
      {status?.data.error && <div className="banner error">{status.data.error}</div>}
      <main id="main" tabIndex={-1}>
        {page.path === "/" && <Overview query={route.query} status={status} ready={ready} />}
        {page.path === "/product" && <Product query={route.query} status={status} ready={ready} />}
        {page.path === "/origins" && <Origins query={route.query} status={status} ready={ready} />}
        {page.path === "/scenarios" && <Scenarios query={route.query} status={status} ready={ready} />}
        {page.path === "/changes" && <Changes query={route.query} />}
        {page.path === "/relationship" && <Relationship status={status} ready={ready} />}
        {page.path === "/screening" && <Screening query={route.query} />}
        {page.path === "/commitments" && <Commitments />}
        {page.path === "/china-product" && <ChinaProduct query={route.query} />}
        {page.path === "/refunds" && <Refunds query={route.query} />}
      </main>
      <footer className="foot">
        {status?.ledger.version ? (
          <>
            Ledger {status.ledger.version.slice(0, 12)} · covers {status.ledger.coverage?.from} to{" "}
            {status.ledger.coverage?.to} · {status.ledger.measures} measures ·{" "}
          </>
        ) : null}
        <a href="/api/openapi.json">API (OpenAPI)</a>
      </footer>
    </>
  );
}
