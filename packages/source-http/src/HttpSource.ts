/**
 * Load records from JSON APIs with `@effect/platform`'s `HttpClient`: paginated APIs (page/size,
 * offset/limit, a cursor or a next URL in the body, the `Link` header) and CKAN DataStore
 * `datastore_search`, the API most government open-data portals run.
 *
 * The package holds no HTTP implementation: it takes the `HttpClient` from the context
 * (`FetchHttpClient.layer`, or a Node/undici client the application configures). The Promise facade
 * uses `FetchHttpClient`.
 *
 * - **Each request** has a timeout (headers and body), and is retried with exponential backoff and
 *   jitter on 429, 408, 5xx, network errors and timeouts, honouring `Retry-After` (seconds or an
 *   HTTP-date; one longer than `maxRetryAfter` fails at once rather than stalling the load).
 * - **Limits**: bytes per response (a declared `Content-Length` over the limit is refused before the
 *   body is read; a chunked body is cut off, and its connection closed, as soon as it passes the
 *   limit — never buffered whole), bytes per load, pages per load (more pages fail with a "Limit"
 *   error; rows are never dropped silently).
 * - **Loops**: a next link or cursor already fetched, or a page whose body repeats the previous one
 *   (an API that ignores the page parameter), fails with "pagination loop".
 * - **Records** go through `@govplan/source`'s decoder: column mapping from JSON keys to fields,
 *   coercions, the `ErrorPolicy`; a rejection names the page (1-based) and the index in the page
 *   (0-based), the key, the raw value and why.
 *
 * Errors are `SourceError`s: `Http` (status, network, timeout, not JSON, loop, CKAN failure), `Limit`,
 * `Config` (bad URL, no records array where told), and the decoder's `Decode`/`TooManyRejections`.
 *
 * @example
 * ```ts
 * import { FetchHttpClient } from "@effect/platform"
 * import { Effect, Schema } from "effect"
 * import { Source } from "@govplan/source"
 * import { HttpSource, Pagination } from "@govplan/source-http"
 *
 * const Order = Schema.Struct({ orderId: Schema.String, acceptedAt: Schema.String })
 * const program = Effect.gen(function*() {
 *   const load = yield* HttpSource.load({
 *     schema: Order,
 *     url: "https://data.example.gov.cn",
 *     pagination: Pagination.ckan({ resourceId: "2e2a6c1e-…", limit: 1000 }),
 *     mapping: { 工单编号: "orderId", 受理时间: "acceptedAt" },
 *     auth: { bearer: process.env.PORTAL_TOKEN ?? "" },
 *     timeout: "20 seconds"
 *   })
 *   return yield* Source.collect(load) // { records, report }
 * }).pipe(Effect.provide(FetchHttpClient.layer))
 * ```
 *
 * @since 0.1.0
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import { ColumnMapping, type LoadReport, Source, SourceError } from "@govplan/source"
import { Chunk, type Duration, Effect, type Layer, Stream } from "effect"
import type * as Pagination from "./Pagination.js"
import * as internal from "./internal/pages.js"

/**
 * Authentication: a bearer token (`Authorization: Bearer …`) or any header (`X-Api-Key: …`). Sent only
 * to the origin of `url` (never to another host a next link points to).
 *
 * @since 0.1.0
 */
export type Auth =
  | { readonly bearer: string }
  | { readonly header: string; readonly value: string }

/**
 * Retry settings.
 *
 * @since 0.1.0
 */
export interface RetryOptions {
  /** Retries after the first attempt (default 4). */
  readonly times?: number | undefined
  /** The first backoff delay (default 500 ms); doubles each retry, half of it random (jitter). */
  readonly baseDelay?: Duration.DurationInput | undefined
  /** The longest backoff delay (default 30 s). */
  readonly maxDelay?: Duration.DurationInput | undefined
  /** The longest `Retry-After` honoured (default 120 s); a longer one fails the load at once. */
  readonly maxRetryAfter?: Duration.DurationInput | undefined
}

/**
 * Where and how to fetch.
 *
 * @since 0.1.0
 */
export interface RequestOptions {
  /** The first page's URL (for CKAN: the portal root or the `datastore_search` endpoint). */
  readonly url: string
  /** How to find the next page (default: one request). */
  readonly pagination?: Pagination.Pagination | undefined
  /** Dotted path of the records array in a page's body (`"data.items"`); default: the body itself when it is an array, `result.records` for CKAN. */
  readonly records?: string | undefined
  /** Extra request headers. */
  readonly headers?: Readonly<Record<string, string>> | undefined
  readonly auth?: Auth | undefined
  /** Per request, headers and body (default 30 s). */
  readonly timeout?: Duration.DurationInput | undefined
  readonly retry?: RetryOptions | undefined
  /** Most pages per load (default 10,000). */
  readonly maxPages?: number | undefined
  /** Most bytes in one response body (default 64 MiB). */
  readonly maxPageBytes?: number | undefined
  /** Most bytes over the whole load (default 1 GiB). */
  readonly maxBytes?: number | undefined
  /** The source's name in reports and errors (default: the URL, secrets in its query masked). */
  readonly source?: string | undefined
  /**
   * Whether a next link (body, `Link` header, CKAN `_links.next`) may point to another host than `url`'s
   * (default `false`: such a link fails the load with a "Config" error instead of being followed).
   *
   * @since 0.2.0
   */
  readonly followOtherHosts?: boolean | undefined
}

/**
 * Options of {@link load}: where to fetch, and the source contract's schema, mapping, policy.
 *
 * @since 0.1.0
 */
export interface LoadOptions<A, I> extends RequestOptions, Source.LoadOptions<A, I> {}

/**
 * A fetched page: its number (1-based), URL, records (raw JSON), size in bytes and the total the API
 * announced (if any).
 *
 * @since 0.1.0
 */
export interface Page {
  readonly page: number
  readonly url: string
  readonly records: ReadonlyArray<unknown>
  readonly bytes: number
  readonly total?: number | undefined
}

/**
 * The raw pages of a load, in order, each read whole (within the byte limit) and parsed before it is
 * emitted; for callers who decode records themselves.
 *
 * @example
 * ```ts
 * import { Stream } from "effect"
 * import { HttpSource, Pagination } from "@govplan/source-http"
 *
 * const pages = HttpSource.pages({ url: "https://api.example.com/orders", pagination: Pagination.linkHeader() })
 * const count = Stream.runFold(pages, 0, (n, page) => n + page.records.length)
 * ```
 *
 * @since 0.1.0
 */
export const pages = (options: RequestOptions): Stream.Stream<Page, SourceError.SourceError, HttpClient.HttpClient> =>
  internal.pages(options)

const isObject = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null && !Array.isArray(u)

/**
 * Loads records from a JSON API. Columns are the JSON keys of the records of every page: those of the
 * first non-empty page, plus, for a field none of them feeds, the key a later page has (an API that
 * leaves out null keys); keys absent from a record are missing values. A required column that no
 * record on any page has fails the load with a "Header" error at the end; keys that first appear after
 * page 1 and no field uses are reported in the report's `warnings`.
 *
 * CKAN: a resource that does not exist (404, "Not Found Error") is no data (`report.noData`), not an
 * error; a `total` that does not match the records delivered, and pages that repeat `_id`s (overlapping
 * pages), are reported in `warnings`, and each repeated `_id` is a duplicate (left out and counted,
 * `read = accepted + rejected + duplicates`).
 *
 * @example
 * ```ts
 * import { FetchHttpClient } from "@effect/platform"
 * import { Effect, Schema } from "effect"
 * import { ErrorPolicy, Source } from "@govplan/source"
 * import { HttpSource, Pagination } from "@govplan/source-http"
 *
 * const Order = Schema.Struct({ id: Schema.String, received: Schema.String })
 * const program = HttpSource.load({
 *   schema: Order,
 *   url: "https://api.example.com/orders",
 *   pagination: Pagination.pageSize({ size: 100, totalPath: "total" }),
 *   records: "items",
 *   policy: ErrorPolicy.collect({ max: 50 }),
 *   retry: { times: 5, baseDelay: "1 second" }
 * }).pipe(Effect.flatMap(Source.collect), Effect.provide(FetchHttpClient.layer))
 * ```
 *
 * @since 0.1.0
 */
export const load = <A, I>(options: LoadOptions<A, I>): Effect.Effect<Source.Load<A>, never, HttpClient.HttpClient> =>
  Effect.map(HttpClient.HttpClient, (client) => {
    const source = options.source ?? internal.resolveContext(options, client).source
    const ckan = options.pagination?._tag === "Ckan"
    let noData: string | undefined
    let warnings: Array<string> = []
    const raw: Stream.Stream<Source.RawRow, SourceError.SourceError> = Stream.suspend(() => {
      noData = undefined
      warnings = []
      let headers: ReadonlyArray<string> | undefined
      /** header index → the keys that may feed it, for columns no key of the first page fed */
      const later = new Map<number, { readonly keys: ReadonlyArray<string>; readonly required: boolean; seen: boolean }>()
      const known = new Set<string>()
      const unusedLate = new Set<string>()
      const ids = new Set<unknown>()
      let announced: number | undefined
      let delivered = 0
      const header = (records: ReadonlyArray<unknown> | undefined): Source.RawRow => {
        const keys = new Set<string>()
        for (const r of records ?? []) if (isObject(r)) for (const k of Object.keys(r)) keys.add(k)
        if (records === undefined) {
          headers = ColumnMapping.expectedColumns(options.schema, options.mapping)
          return { cells: headers }
        }
        const hs = [...keys]
        const present = new Set(hs.map(ColumnMapping.normalizeName))
        for (const f of ColumnMapping.fieldColumns(options.schema, options.mapping)) {
          if (f.columns.some((c) => present.has(ColumnMapping.normalizeName(c)))) continue
          later.set(hs.length, { keys: f.columns, required: f.required, seen: false })
          hs.push(f.columns[0]!)
        }
        for (const h of hs) known.add(h)
        for (const f of ColumnMapping.fieldColumns(options.schema, options.mapping)) for (const c of f.columns) known.add(c)
        headers = hs
        return { cells: headers }
      }
      const end = Stream.suspend(() => {
        if (headers === undefined) return Stream.make(header(undefined))
        const absent = [...later.values()].filter((l) => l.required && !l.seen)
        if (absent.length > 0) {
          return Stream.fail(
            new SourceError.SourceError({
              reason: "Header",
              source,
              column: absent[0]!.keys[0]!,
              detail: `missing required column${absent.length > 1 ? "s" : ""} ${
                absent.map((l) => l.keys.map((k) => JSON.stringify(k)).join(" or ")).join(", ")
              }: no record on any page has it; the keys found: ${headers.filter((_, i) => !later.has(i)).map((h) => JSON.stringify(h)).join(", ")}`
            })
          )
        }
        return Stream.empty
      })
      return internal.pages(options, {
        notFound: (detail) => {
          noData = detail
        },
        ended: (total) => {
          announced = total
        }
      }).pipe(
        Stream.provideService(HttpClient.HttpClient, client),
        Stream.mapConcatChunk((page) => {
          const out: Array<Source.RawRow> = []
          if (headers === undefined && page.records.length > 0) out.push(header(page.records))
          const hs = headers ?? []
          const width = hs.length
          delivered += page.records.length
          if (ckan) {
            let repeated = 0
            for (const r of page.records) {
              if (!isObject(r) || r._id === undefined || r._id === null) continue
              if (ids.has(r._id)) repeated++
              else ids.add(r._id)
            }
            if (repeated > 0) {
              warnings.push(`page ${page.page} repeats ${repeated} record${repeated > 1 ? "s" : ""} (_id) already delivered: overlapping pages`)
            }
          }
          if (page.page > 1) {
            for (const r of page.records) {
              if (!isObject(r)) continue
              for (const k of Object.keys(r)) if (!known.has(k)) unusedLate.add(k)
            }
          }
          page.records.forEach((record, index) => {
            if (!isObject(record)) {
              out.push({
                cells: new Array<unknown>(width),
                page: page.page,
                index,
                problem: {
                  reason: `the record is ${Array.isArray(record) ? "an array" : record === null ? "null" : `a ${typeof record}`}, not a JSON object`,
                  value: SourceError.showValue(record)
                }
              })
              return
            }
            const cells = new Array<unknown>(width)
            for (let i = 0; i < width; i++) cells[i] = record[hs[i]!]
            for (const [i, l] of later) {
              for (const k of l.keys) {
                const v = record[k]
                if (v !== undefined) {
                  cells[i] = v
                  l.seen = true
                  break
                }
              }
            }
            out.push({ cells, page: page.page, index })
          })
          return Chunk.unsafeFromArray(out)
        }),
        Stream.concat(end),
        Stream.ensuring(Effect.sync(() => {
          if (unusedLate.size > 0) {
            warnings.push(`keys that first appear after page 1 and that no field uses (ignored): ${[...unusedLate].join(", ")}`)
          }
          if (announced !== undefined && announced !== delivered) {
            warnings.push(`the API announced ${announced} records (total) but delivered ${delivered}${ids.size > 0 && ids.size !== delivered ? ` (${ids.size} distinct _id)` : ""}`)
          }
        }))
      )
    })
    return Source.decodeRows(raw, {
      source,
      schema: options.schema,
      mapping: options.mapping,
      policy: options.policy,
      missing: options.missing,
      duplicates: options.duplicates,
      ...(ckan ? { idColumns: ["_id"] } : {}),
      warnings: () => warnings,
      noData: () => noData,
      detectRepeatedHeader: false,
      // an empty record ({}, all nulls) is still a record: decoded (and rejected if fields are required)
      skipBlankRows: false
    })
  })


/**
 * The Promise facade: loads every page with the platform's `fetch` (or the layer given) and resolves
 * with the records and the report; rejects with the `SourceError`.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { HttpSource, Pagination } from "@govplan/source-http"
 *
 * const { records, report } = await HttpSource.loadPromise({
 *   schema: Schema.Struct({ id: Schema.String }),
 *   url: "https://data.example.gov.cn",
 *   pagination: Pagination.ckan({ resourceId: "2e2a6c1e-…" })
 * })
 * ```
 *
 * @since 0.1.0
 */
export const loadPromise = <A, I>(
  options: LoadOptions<A, I>,
  client: Layer.Layer<HttpClient.HttpClient> = FetchHttpClient.layer
): Promise<{ readonly records: ReadonlyArray<A>; readonly report: LoadReport.LoadReport }> =>
  Source.runPromise(load(options).pipe(Effect.flatMap(Source.collect), Effect.provide(client)))
