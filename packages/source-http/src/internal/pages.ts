/**
 * The page engine: request → retry/timeout → bounded body read → JSON → records → next page.
 *
 * @internal
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { SourceError } from "@govplan/source"
import { Chunk, Duration, Effect, Option, Stream } from "effect"
import type { Page, RequestOptions } from "../HttpSource.js"
import type * as Pagination from "../Pagination.js"
import { backoff, getPath, isJsonContentType, nextLink, parseRetryAfter, redactUrl } from "./headers.js"

// ---------------------------------------------------------------------------------------------
// one request

type Attempt =
  | { readonly _tag: "Status"; readonly status: number; readonly retryAfter: number | undefined; readonly body: string }
  | { readonly _tag: "Transport"; readonly cause: unknown; readonly detail: string }
  | { readonly _tag: "Timeout" }
  | { readonly _tag: "Fatal"; readonly error: SourceError.SourceError }

interface Body {
  readonly status: number
  readonly headers: Readonly<Record<string, string | undefined>>
  readonly bytes: Uint8Array
}

const concat = (chunks: ReadonlyArray<Uint8Array>, length: number) => {
  const out = new Uint8Array(length)
  let at = 0
  for (const c of chunks) {
    out.set(c, at)
    at += c.length
  }
  return out
}

const mib = (n: number) => n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(n % (1024 * 1024) === 0 ? 0 : 1)} MiB` : `${n} bytes`

const fnv1a = (bytes: Uint8Array): number => {
  let h = 0x811c9dc5
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i]!
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

const statusText: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  408: "Request Timeout",
  409: "Conflict",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout"
}

const decoder = new TextDecoder("utf-8")

const snippet = (bytes: Uint8Array, max = 300) => {
  const text = decoder.decode(bytes.subarray(0, max * 4)).replace(/\s+/g, " ").trim()
  return text.length > max ? text.slice(0, max) + "…" : text
}

const isRetryableStatus = (status: number) => status === 429 || status === 408 || status >= 500

export interface Context {
  readonly source: string
  readonly client: HttpClient.HttpClient
  readonly timeoutMs: number
  readonly times: number
  readonly baseMs: number
  readonly maxDelayMs: number
  readonly maxRetryAfterMs: number
  readonly maxPageBytes: number
  readonly maxBytes: number
  readonly headers: Readonly<Record<string, string>>
  readonly authHeaders: Readonly<Record<string, string>>
  readonly origin: string
  readonly followOtherHosts: boolean
}

/** What the page engine tells its caller besides pages. */
export interface Hooks {
  /** The CKAN resource does not exist (404 or a "Not Found Error"): the load has no data. */
  readonly notFound?: ((detail: string) => void) | undefined
  /** The load ended: the total the API announced last and the records delivered. */
  readonly ended?: ((announced: number | undefined, delivered: number) => void) | undefined
}

const fail = (ctx: Context, page: number, detail: string, reason: "Http" | "Limit" | "Config" = "Http", cause?: unknown) =>
  new SourceError.SourceError({ reason, source: ctx.source, page, detail, ...(cause !== undefined ? { cause } : {}) })

/** Read a body, counting bytes; refuses (and aborts the connection) past `limit`. */
const readBody = (
  ctx: Context,
  page: number,
  url: string,
  response: HttpClientResponse.HttpClientResponse,
  limit: number,
  mode: "fail" | "truncate"
): Effect.Effect<Uint8Array, Attempt> => {
  const declared = Number(response.headers["content-length"])
  if (mode === "fail" && Number.isFinite(declared) && declared > limit) {
    // refuse before reading a byte; closing the request's scope aborts the connection
    return Effect.fail<Attempt>({
      _tag: "Fatal",
      error: fail(ctx, page, `GET ${redactUrl(url)}: the response declares ${mib(declared)} (Content-Length), more than the byte limit of ${mib(limit)}; raise maxPageBytes/maxBytes to allow it`, "Limit")
    })
  }
  return Effect.suspend(() => {
    const chunks: Array<Uint8Array> = []
    let length = 0
    let overflow = false
    return response.stream.pipe(
      Stream.takeWhile((chunk) => {
        if (length + chunk.length > limit) {
          overflow = true
          if (mode === "truncate") chunks.push(chunk.subarray(0, limit - length))
          length = Math.min(limit, length + chunk.length)
          return false
        }
        chunks.push(chunk)
        length += chunk.length
        return true
      }),
      Stream.runDrain,
      Effect.mapError((e): Attempt => ({ _tag: "Transport", cause: e, detail: `reading the body failed: ${e.message}` })),
      Effect.flatMap(() => {
        if (overflow && mode === "fail") {
          return Effect.fail<Attempt>({
            _tag: "Fatal",
            error: fail(ctx, page, `GET ${redactUrl(url)}: the response body is larger than the byte limit of ${mib(limit)}; stopped reading after ${mib(length)} and closed the connection (raise maxPageBytes/maxBytes to allow it)`, "Limit")
          })
        }
        return Effect.succeed(concat(chunks, length))
      })
    )
  })
}

const transportDetail = (e: { readonly cause?: unknown; readonly message: string }): string =>
  String((e.cause as any)?.cause?.message ?? (e.cause as any)?.message ?? e.message)

/** Transport errors no retry can cure: a port fetch refuses ("bad port"), a scheme it does not speak. */
const permanent = (e: { readonly cause?: unknown; readonly message: string }): boolean =>
  /bad port|unknown scheme|not supported|invalid url|ERR_INVALID_URL/i.test(transportDetail(e))

const once = (ctx: Context, page: number, url: string, byteBudget: number, accept: ReadonlyArray<number>): Effect.Effect<Body, Attempt> => {
  const sameOrigin = (() => {
    try {
      return new URL(url).origin === ctx.origin
    } catch {
      return false
    }
  })()
  const request = HttpClientRequest.get(url).pipe(
    HttpClientRequest.setHeaders({ accept: "application/json", ...ctx.headers, ...(sameOrigin ? ctx.authHeaders : {}) })
  )
  const limit = Math.min(ctx.maxPageBytes, byteBudget)
  // each attempt runs in its own scope: when it ends (body read, refused, failed or timed out) the
  // request is aborted, so an unread or oversized body never stays open
  return HttpClient.withScope(ctx.client).execute(request).pipe(
    Effect.mapError((e): Attempt =>
      e._tag === "RequestError" && e.reason === "InvalidUrl"
        ? { _tag: "Fatal", error: fail(ctx, page, `invalid URL ${JSON.stringify(redactUrl(url))}`, "Config", e) }
        : permanent(e)
        ? { _tag: "Fatal", error: fail(ctx, page, `GET ${redactUrl(url)}: ${transportDetail(e)} (not retried: it cannot succeed)`, "Config", e) }
        : { _tag: "Transport", cause: e, detail: transportDetail(e) }
    ),
    Effect.flatMap((response) => {
      if ((response.status >= 200 && response.status < 300) || accept.includes(response.status)) {
        return Effect.map(readBody(ctx, page, url, response, limit, "fail"), (bytes): Body => ({
          status: response.status,
          headers: response.headers,
          bytes
        }))
      }
      return readBody(ctx, page, url, response, 4096, "truncate").pipe(
        Effect.orElseSucceed(() => new Uint8Array()),
        Effect.flatMap((bytes) =>
          Effect.fail<Attempt>({
            _tag: "Status",
            status: response.status,
            retryAfter: parseRetryAfter(response.headers["retry-after"]),
            body: snippet(bytes)
          })
        )
      )
    }),
    Effect.timeoutFail({ duration: Duration.millis(ctx.timeoutMs), onTimeout: (): Attempt => ({ _tag: "Timeout" }) }),
    Effect.scoped
  )
}

const describeAttempt = (ctx: Context, a: Exclude<Attempt, { _tag: "Fatal" }>) => {
  switch (a._tag) {
    case "Status":
      return `HTTP ${a.status}${statusText[a.status] ? " " + statusText[a.status] : ""}${a.body ? `: ${a.body}` : ""}`
    case "Transport":
      return `network error: ${a.detail}`
    case "Timeout":
      return `no complete response within ${ctx.timeoutMs} ms (timeout)`
  }
}

/** One page request with timeout and retries (429, 408, 5xx, network errors, timeouts). */
export const request = (
  ctx: Context,
  page: number,
  url: string,
  byteBudget: number,
  accept: ReadonlyArray<number> = []
): Effect.Effect<Body, SourceError.SourceError> => {
  const loop = (attempt: number): Effect.Effect<Body, SourceError.SourceError> =>
    once(ctx, page, url, byteBudget, accept).pipe(
      Effect.catchAll((a) => {
        if (a._tag === "Fatal") return Effect.fail(a.error)
        const retryable = a._tag !== "Status" || isRetryableStatus(a.status)
        const what = describeAttempt(ctx, a)
        const attempts = attempt + 1
        if (!retryable || attempt >= ctx.times) {
          return Effect.fail(
            fail(
              ctx,
              page,
              `GET ${redactUrl(url)}: ${what}` + (attempts > 1 ? ` (gave up after ${attempts} attempts)` : ""),
              "Http",
              a._tag === "Transport" ? a.cause : undefined
            )
          )
        }
        let delay = backoff(attempt, ctx.baseMs, ctx.maxDelayMs)
        if (a._tag === "Status" && a.retryAfter !== undefined) {
          if (a.retryAfter > ctx.maxRetryAfterMs) {
            return Effect.fail(
              fail(
                ctx,
                page,
                `GET ${redactUrl(url)}: ${what}; the server asks to retry after ${Math.ceil(a.retryAfter / 1000)} s, longer than maxRetryAfter (${Math.ceil(ctx.maxRetryAfterMs / 1000)} s)`
              )
            )
          }
          delay = a.retryAfter
        }
        return Effect.logDebug(`@govplan/source-http: ${ctx.source} page ${page}: ${what}; retry ${attempts} in ${delay} ms`).pipe(
          Effect.zipRight(Effect.sleep(Duration.millis(delay))),
          Effect.zipRight(loop(attempt + 1))
        )
      })
    )
  return loop(0)
}

// ---------------------------------------------------------------------------------------------
// pagination

const withParams = (url: string, params: Record<string, string | undefined>): string => {
  const u = new URL(url)
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined) u.searchParams.delete(k)
    else u.searchParams.set(k, v)
  }
  return u.toString()
}

const ckanEndpoint = (url: string) => {
  const u = new URL(url)
  if (!/\/datastore_search\/?$/.test(u.pathname)) {
    u.pathname = u.pathname.replace(/\/+$/, "") + "/api/3/action/datastore_search"
  }
  return u.toString()
}

const firstUrl = (url: string, p: Pagination.Pagination): string => {
  switch (p._tag) {
    case "None":
    case "Cursor":
    case "NextUrl":
    case "LinkHeader":
      return url
    case "PageSize":
      return withParams(url, { [p.pageParam]: String(p.firstPage), [p.sizeParam]: String(p.size) })
    case "OffsetLimit":
      return withParams(url, { [p.offsetParam]: "0", [p.limitParam]: String(p.limit) })
    case "Ckan":
      return withParams(ckanEndpoint(url), {
        resource_id: p.resourceId,
        limit: String(p.limit),
        offset: "0",
        filters: p.filters ? JSON.stringify(p.filters) : undefined,
        q: p.q,
        sort: p.sort
      })
  }
}

const total = (body: unknown, path: string | undefined): number | undefined => {
  if (path === undefined) return undefined
  const t = getPath(body, path)
  const n = typeof t === "string" ? Number(t) : t
  return typeof n === "number" && Number.isFinite(n) ? n : undefined
}

interface State {
  readonly page: number
  readonly url: string
  /** records delivered so far */
  readonly count: number
  readonly bytes: number
  readonly previous: { readonly hash: number; readonly length: number } | undefined
  /** records on the first page: the page size the API really uses (it may cap the one asked for) */
  readonly firstLength: number | undefined
}

/**
 * Whether a page counts as full, so that another may follow. APIs often cap the page size silently
 * (ask 1000, get 100): a first page shorter than asked is taken as the real page size, and confirmed
 * by fetching the next page (empty if it really was the last). Later pages are full when they are as
 * long as the first.
 */
const full = (state: State, length: number, asked: number): boolean => {
  if (length === 0) return false
  const first = state.firstLength ?? length
  return length >= Math.min(asked, first)
}

export const resolveContext = (options: RequestOptions, client: HttpClient.HttpClient): Context => {
  const auth: Record<string, string> = {}
  if (options.auth !== undefined && "bearer" in options.auth) auth["authorization"] = `Bearer ${options.auth.bearer}`
  else if (options.auth !== undefined) {
    auth[options.auth.header.toLowerCase()] = options.auth.value
  }
  let origin = ""
  try {
    origin = new URL(options.url).origin
  } catch {
    // reported as a Config error when the first page is requested
  }
  return {
    source: options.source ?? redactUrl(options.url),
    client,
    timeoutMs: Duration.toMillis(options.timeout ?? Duration.seconds(30)),
    times: options.retry?.times ?? 4,
    baseMs: Duration.toMillis(options.retry?.baseDelay ?? Duration.millis(500)),
    maxDelayMs: Duration.toMillis(options.retry?.maxDelay ?? Duration.seconds(30)),
    maxRetryAfterMs: Duration.toMillis(options.retry?.maxRetryAfter ?? Duration.seconds(120)),
    maxPageBytes: options.maxPageBytes ?? 64 * 1024 * 1024,
    maxBytes: options.maxBytes ?? 1024 * 1024 * 1024,
    headers: Object.fromEntries(Object.entries(options.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
    authHeaders: auth,
    origin,
    followOtherHosts: options.followOtherHosts ?? false
  }
}

/** The pages of a load, in order, each fully read and parsed before it is emitted. */
export const pages = (options: RequestOptions, hooks: Hooks = {}): Stream.Stream<Page, SourceError.SourceError, HttpClient.HttpClient> =>
  Stream.unwrap(Effect.gen(function*() {
    const client = yield* HttpClient.HttpClient
    const ctx = resolveContext(options, client)
    const pagination = options.pagination ?? { _tag: "None" }
    const maxPages = options.maxPages ?? 10_000
    let start: string
    try {
      start = firstUrl(options.url, pagination)
    } catch (cause) {
      return Stream.fail(fail(ctx, 1, `invalid URL ${JSON.stringify(redactUrl(options.url))}`, "Config", cause))
    }
    const scheme = URL.canParse(start) ? new URL(start).protocol : undefined
    if (scheme === undefined) return Stream.fail(fail(ctx, 1, `invalid URL ${JSON.stringify(redactUrl(options.url))}`, "Config"))
    if (scheme !== "http:" && scheme !== "https:") {
      return Stream.fail(fail(ctx, 1, `unsupported URL scheme ${JSON.stringify(scheme)} in ${redactUrl(options.url)}: use http:// or https://`, "Config"))
    }
    // URLs requested so far (each run of the stream starts afresh: this runs per run)
    const seen = new Set<string>([start])
    const recordsPath = options.records ?? (pagination._tag === "Ckan" ? "result.records" : undefined)

    const step = (state: State): Effect.Effect<Option.Option<readonly [Page, Option.Option<State>]>, SourceError.SourceError> =>
      Effect.gen(function*() {
        const { page, url } = state
        const ckanFirst = pagination._tag === "Ckan" && page === 1
        const body = yield* request(ctx, page, url, ctx.maxBytes - state.bytes, ckanFirst ? [404] : [])
        const where = `page ${page} (GET ${redactUrl(url)})`
        const notFound = (detail: string) => {
          hooks.notFound?.(`${where}: ${detail}`)
          return Option.none()
        }
        if (ckanFirst && body.status === 404 && !isJsonContentType(body.headers["content-type"])) {
          return notFound("HTTP 404 Not Found: the resource does not exist")
        }
        const contentType = body.headers["content-type"]
        if (!isJsonContentType(contentType)) {
          return yield* Effect.fail(
            fail(ctx, page, `${where}: expected a JSON response, got Content-Type ${JSON.stringify(contentType ?? "(none)")}${body.bytes.length > 0 ? `: ${snippet(body.bytes, 120)}` : ""}`)
          )
        }
        // the declared charset (GBK/GB18030 APIs exist); invalid bytes fail instead of turning into U+FFFD
        const charset = /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType ?? "")?.[1] ?? "utf-8"
        let text: string
        try {
          text = new TextDecoder(charset, { fatal: true }).decode(body.bytes)
        } catch (cause) {
          return yield* Effect.fail(
            fail(ctx, page, `${where}: the body is not valid ${charset} text (${(cause as Error).message})`, "Http", cause)
          )
        }
        let json: unknown
        try {
          json = JSON.parse(text)
        } catch (cause) {
          const text = decoder.decode(body.bytes.subarray(Math.max(0, body.bytes.length - 60)))
          return yield* Effect.fail(
            fail(
              ctx,
              page,
              `${where}: the body is not valid JSON (${(cause as Error).message}); ${body.bytes.length} bytes, ending ${JSON.stringify(text)} — truncated?`,
              "Http",
              cause
            )
          )
        }
        if (pagination._tag === "Ckan" && (json as any)?.success !== true) {
          const err = (json as any)?.error
          if (page === 1 && (body.status === 404 || err?.__type === "Not Found Error")) {
            return notFound(`CKAN: ${err?.message ?? "Not Found"}`)
          }
          return yield* Effect.fail(
            fail(ctx, page, `${where}: CKAN reports failure: ${err ? (err.message ?? JSON.stringify(err)) : "success is not true"}`)
          )
        }
        const rawRecords = recordsPath === undefined ? json : getPath(json, recordsPath)
        if (!Array.isArray(rawRecords)) {
          const shape = Array.isArray(json) ? "an array" : json !== null && typeof json === "object"
            ? `an object with keys ${JSON.stringify(Object.keys(json).slice(0, 10))}`
            : `a ${json === null ? "null" : typeof json}`
          return yield* Effect.fail(
            fail(
              ctx,
              page,
              recordsPath === undefined
                ? `${where}: the body is ${shape}, not an array of records; set the \`records\` option to the path of the array`
                : `${where}: no array of records at ${JSON.stringify(recordsPath)}; the body is ${shape}`,
              "Config"
            )
          )
        }
        const records = rawRecords as ReadonlyArray<unknown>
        const hash = fnv1a(body.bytes)
        const bytes = state.bytes + body.bytes.length

        // next page
        let next: string | undefined
        let announced: number | undefined
        const count = state.count + records.length
        switch (pagination._tag) {
          case "None":
            break
          case "PageSize": {
            announced = total(json, pagination.totalPath)
            const more = announced !== undefined ? count < announced && records.length > 0 : full(state, records.length, pagination.size)
            if (more) next = withParams(url, { [pagination.pageParam]: String(pagination.firstPage + page) })
            break
          }
          case "OffsetLimit": {
            announced = total(json, pagination.totalPath)
            const more = announced !== undefined ? count < announced && records.length > 0 : full(state, records.length, pagination.limit)
            if (more) next = withParams(url, { [pagination.offsetParam]: String(count) })
            break
          }
          case "Cursor": {
            const token = getPath(json, pagination.nextPath)
            if (token !== undefined && token !== null && token !== "") {
              if (typeof token !== "string" && typeof token !== "number") {
                return yield* Effect.fail(fail(ctx, page, `${where}: the cursor at ${JSON.stringify(pagination.nextPath)} is not a string`, "Config"))
              }
              next = withParams(url, { [pagination.param]: String(token) })
            }
            break
          }
          case "NextUrl": {
            const link = getPath(json, pagination.nextPath)
            if (typeof link === "string" && link !== "") next = new URL(link, url).toString()
            break
          }
          case "LinkHeader":
            next = nextLink(body.headers["link"], url)
            break
          case "Ckan": {
            const result = (json as any).result ?? {}
            announced = typeof result.total === "number" ? result.total : undefined
            const more = records.length > 0 && (announced !== undefined ? count < announced : full(state, records.length, pagination.limit))
            if (more) {
              const link = result._links?.next
              next = typeof link === "string" && link !== ""
                ? new URL(link, url).toString()
                : withParams(url, { offset: String(count) })
            }
            break
          }
        }

        if (next !== undefined && !ctx.followOtherHosts && new URL(next).origin !== ctx.origin) {
          return yield* Effect.fail(
            fail(
              ctx,
              page,
              `${where}: the next page is on another host (${redactUrl(next)}); not followed (set followOtherHosts to allow it)`,
              "Config"
            )
          )
        }
        // loop detection
        if (next !== undefined && seen.has(next)) {
          return yield* Effect.fail(
            fail(ctx, page, `${where}: pagination loop: the next page is ${redactUrl(next)}, which was already fetched; stopping instead of looping forever`)
          )
        }
        if (
          state.previous !== undefined && records.length > 0 && state.previous.hash === hash &&
          state.previous.length === body.bytes.length
        ) {
          return yield* Effect.fail(
            fail(ctx, page, `${where}: pagination loop: page ${page} has exactly the same body as page ${page - 1}; the API probably ignores the paging parameters`)
          )
        }
        if (next !== undefined && page >= maxPages) {
          return yield* Effect.fail(
            fail(ctx, page, `stopped after ${maxPages} pages (maxPages) and the API has more (next: ${redactUrl(next)}); raise maxPages to load them`, "Limit")
          )
        }
        const out: Page = { page, url, records, bytes: body.bytes.length, total: announced }
        if (next === undefined) hooks.ended?.(announced, count)
        if (next !== undefined) seen.add(next)
        const nextState: Option.Option<State> = next === undefined ? Option.none() : Option.some({
          page: page + 1,
          url: next,
          count,
          bytes,
          previous: { hash, length: body.bytes.length },
          firstLength: state.firstLength ?? records.length
        })
        return Option.some([out, nextState] as const)
      })

    const initial: Option.Option<State> = Option.some({
      page: 1,
      url: start,
      count: 0,
      bytes: 0,
      previous: undefined,
      firstLength: undefined
    })
    return Stream.unfoldChunkEffect(initial, (s) =>
      Option.isNone(s)
        ? Effect.succeed(Option.none())
        : Effect.map(step(s.value), Option.map(([page, next]) => [Chunk.of(page), next] as const)))
  }))
