/**
 * Where an official address is fetched from. Normally the address itself; with a publisher base (option, or
 * `$TARIFFSCOPE_PUBLISHER_BASE`) every publisher is reached through that one server, the official host becoming the
 * first path segment: `https://www.usitc.gov/a/b.json?x=1` → `<base>/www.usitc.gov/a/b.json?x=1`. Used by tests
 * (a loopback server standing in for the publishers) and by sites that reach publishers through a caching proxy.
 * The manifest is never edited for this.
 */
import { InputError } from "../common/errors.js";

/** Environment variable naming the publisher base. */
export const PUBLISHER_BASE_ENV = "TARIFFSCOPE_PUBLISHER_BASE";

/** The publisher base of `option` or the environment, checked; undefined when neither is set. */
export function resolvePublisherBase(option?: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const [source, value] =
    option !== undefined && option.trim() !== ""
      ? ["--publisher-base", option.trim()]
      : [PUBLISHER_BASE_ENV, env[PUBLISHER_BASE_ENV]?.trim()];
  if (value === undefined || value === "") return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError("BAD_PUBLISHER_BASE", source, `not an absolute URL: ${value}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new InputError("BAD_PUBLISHER_BASE", source, `must be an http or https URL: ${value}`);
  if (url.search !== "" || url.hash !== "")
    throw new InputError("BAD_PUBLISHER_BASE", source, `must not carry a query or fragment: ${value}`);
  return url.href.replace(/\/+$/, "");
}

/** The address to fetch for `officialUrl` under `base` (or the official address when there is no base). */
export function publisherUrl(officialUrl: string, base: string | undefined): string {
  if (base === undefined) return officialUrl;
  const u = new URL(officialUrl);
  return `${base}/${u.host}${u.pathname}${u.search}`;
}
