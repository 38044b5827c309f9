/**
 * Pure helpers for HTTP headers: Retry-After, Link (RFC 8288), content types, backoff.
 *
 * @internal
 */

/**
 * Milliseconds to wait from a Retry-After value: delay-seconds (`"120"`) or an HTTP-date
 * (`"Wed, 21 Oct 2015 07:28:00 GMT"`). A date in the past means "now" (0). Unparseable → undefined.
 */
export const parseRetryAfter = (value: string | undefined, now: number = Date.now()): number | undefined => {
  if (value === undefined) return undefined
  const v = value.trim()
  if (v === "") return undefined
  if (/^\d+$/.test(v)) return Number(v) * 1000
  if (/^\d+\.\d+$/.test(v)) return Math.ceil(Number(v) * 1000) // lenient: some servers send fractions
  // an HTTP-date names its day and month ("Wed, 21 Oct 2015 07:28:00 GMT"); "-5" is not one
  if (!/[a-z]{3}/i.test(v)) return undefined
  const at = Date.parse(v)
  if (Number.isNaN(at)) return undefined
  return Math.max(0, at - now)
}

export interface Link {
  readonly url: string
  readonly rel: ReadonlyArray<string>
}

/**
 * Parse a Link header (`<https://api/x?page=2>; rel="next", <…>; rel="last"`). URLs are resolved
 * against `base`. Commas inside `<…>` are part of the URL, not separators.
 */
export const parseLinkHeader = (header: string | undefined, base: string): Array<Link> => {
  if (!header) return []
  const links: Array<Link> = []
  const re = /<([^>]*)>([^<]*)/g
  let m: RegExpExecArray | null
  while ((m = re.exec(header)) !== null) {
    const params = m[2]!
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^;,\s]+))/i.exec(params)
    if (!rel) continue
    let url: string
    try {
      url = new URL(m[1]!.trim(), base).toString()
    } catch {
      continue
    }
    links.push({ url, rel: (rel[1] ?? rel[2] ?? "").toLowerCase().split(/\s+/).filter((r) => r.length > 0) })
  }
  return links
}

export const nextLink = (header: string | undefined, base: string): string | undefined =>
  parseLinkHeader(header, base).find((l) => l.rel.includes("next"))?.url

/** `application/json`, `application/vnd.api+json`, `text/json`, with any parameters. */
export const isJsonContentType = (value: string | undefined): boolean => {
  if (value === undefined) return false
  const type = value.split(";")[0]!.trim().toLowerCase()
  return type === "application/json" || type === "text/json" || /^application\/[\w.+-]+\+json$/.test(type)
}

/**
 * Exponential backoff with "equal jitter": half of base·2^attempt fixed, half random, capped at max.
 * `attempt` starts at 0 for the first retry.
 */
export const backoff = (attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number => {
  const exp = Math.min(maxMs, baseMs * 2 ** attempt)
  return Math.round(exp / 2 + random() * (exp / 2))
}

/** Read a dotted path (`"result.records"`, `"meta.next_cursor"`) from a JSON value. */
export const getPath = (value: unknown, path: string | ReadonlyArray<string>): unknown => {
  const parts = typeof path === "string" ? (path === "" ? [] : path.split(".")) : path
  let current = value
  for (const p of parts) {
    if (current === null || typeof current !== "object") return undefined
    current = (current as Record<string, unknown>)[p]
  }
  return current
}

/** Replace the value of the Authorization-like headers for error messages and logs. */
export const redactUrl = (url: string): string => {
  try {
    const u = new URL(url)
    if (u.password) u.password = "***"
    for (const k of [...u.searchParams.keys()]) {
      if (/^(api[-_]?key|token|access[-_]?token|key|secret|password|signature)$/i.test(k)) u.searchParams.set(k, "***")
    }
    return u.toString()
  } catch {
    return url
  }
}
