/**
 * Pagination strategies, as plain data.
 *
 * A strategy says how the next page is found: by counting (`pageSize`, `offsetLimit`), by a token or a
 * URL in the body (`cursor`, `nextUrl`), by the `Link` header (`linkHeader`), or the CKAN DataStore
 * way (`ckan`). `HttpSource` runs the strategy, detects loops (the same next URL or cursor twice, or
 * a page whose body repeats the previous one) and enforces the page and byte limits.
 *
 * @example
 * ```ts
 * import { Pagination } from "@govplan/source-http"
 *
 * Pagination.pageSize({ size: 100 })                          // ?page=1&size=100, ?page=2&size=100, …
 * Pagination.offsetLimit({ limit: 500, totalPath: "total" })  // ?offset=0&limit=500, …
 * Pagination.cursor({ nextPath: "meta.next_cursor" })         // ?cursor=<token from the body>
 * Pagination.nextUrl({ nextPath: "next" })                    // follow a URL in the body
 * Pagination.linkHeader()                                     // follow Link: <…>; rel="next"
 * Pagination.ckan({ resourceId: "5f1c…", limit: 1000 })       // CKAN datastore_search
 * ```
 *
 * @since 0.1.0
 */

/**
 * One request, no pagination.
 *
 * @since 0.1.0
 */
export interface None {
  readonly _tag: "None"
}

/**
 * `?page=N&size=M`. With `totalPath` (the total in the body) it stops once that many records are in;
 * without, at an empty page or one shorter than the page size the API really uses (a first page shorter
 * than `size` is taken as that size, since APIs often cap it silently, and confirmed by one more request).
 *
 * @since 0.1.0
 */
export interface PageSize {
  readonly _tag: "PageSize"
  readonly pageParam: string
  readonly sizeParam: string
  readonly size: number
  readonly firstPage: number
  readonly totalPath?: string | undefined
}

/**
 * `?offset=N&limit=M`. Stops like `PageSize`.
 *
 * @since 0.1.0
 */
export interface OffsetLimit {
  readonly _tag: "OffsetLimit"
  readonly offsetParam: string
  readonly limitParam: string
  readonly limit: number
  readonly totalPath?: string | undefined
}

/**
 * A next-page token in the body (`nextPath`, e.g. `"meta.next_cursor"`), sent back as `?param=token`.
 * Stops when the token is missing, `null` or `""`.
 *
 * @since 0.1.0
 */
export interface Cursor {
  readonly _tag: "Cursor"
  readonly param: string
  readonly nextPath: string
}

/**
 * A next-page URL in the body (`nextPath`, e.g. `"next"` or `"links.next"`), absolute or relative.
 *
 * @since 0.1.0
 */
export interface NextUrl {
  readonly _tag: "NextUrl"
  readonly nextPath: string
}

/**
 * The `Link` response header's `rel="next"` URL (RFC 8288; GitHub, GitLab and many others).
 *
 * @since 0.1.0
 */
export interface LinkHeader {
  readonly _tag: "LinkHeader"
}

/**
 * CKAN DataStore `datastore_search`: `resource_id`, `limit`, `offset`; records at `result.records`,
 * `result.total`, and `result._links.next`. Stops at an empty page or when `total` is reached (CKAN
 * offers a next link even past the end). A `success: false` body fails with CKAN's own message.
 *
 * @since 0.1.0
 */
export interface Ckan {
  readonly _tag: "Ckan"
  readonly resourceId: string
  readonly limit: number
  /** CKAN `filters` (field → value), sent as JSON */
  readonly filters?: Readonly<Record<string, string | number | boolean>> | undefined
  /** CKAN full-text `q` */
  readonly q?: string | undefined
  /** CKAN `sort`, e.g. `"_id asc"` (a stable order makes offset paging safe) */
  readonly sort?: string | undefined
}

/**
 * A pagination strategy.
 *
 * @since 0.1.0
 */
export type Pagination = None | PageSize | OffsetLimit | Cursor | NextUrl | LinkHeader | Ckan

const positive = (name: string, n: number) => {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`Pagination.${name}: expected a positive integer, got ${n}`)
  return n
}

/**
 * A single request.
 *
 * @since 0.1.0
 */
export const none: Pagination = { _tag: "None" }

/**
 * Page number and page size parameters.
 *
 * @example
 * ```ts
 * import { Pagination } from "@govplan/source-http"
 *
 * Pagination.pageSize({ pageParam: "pageNo", sizeParam: "pageSize", size: 50, totalPath: "data.total" })
 * ```
 *
 * @since 0.1.0
 */
export const pageSize = (options: {
  readonly pageParam?: string
  readonly sizeParam?: string
  readonly size?: number
  readonly firstPage?: number
  readonly totalPath?: string
} = {}): Pagination => ({
  _tag: "PageSize",
  pageParam: options.pageParam ?? "page",
  sizeParam: options.sizeParam ?? "size",
  size: positive("pageSize size", options.size ?? 100),
  firstPage: options.firstPage ?? 1,
  totalPath: options.totalPath
})

/**
 * Offset and limit parameters.
 *
 * @example
 * ```ts
 * import { Pagination } from "@govplan/source-http"
 *
 * Pagination.offsetLimit({ limit: 1000 })
 * ```
 *
 * @since 0.1.0
 */
export const offsetLimit = (options: {
  readonly offsetParam?: string
  readonly limitParam?: string
  readonly limit?: number
  readonly totalPath?: string
} = {}): Pagination => ({
  _tag: "OffsetLimit",
  offsetParam: options.offsetParam ?? "offset",
  limitParam: options.limitParam ?? "limit",
  limit: positive("offsetLimit limit", options.limit ?? 100),
  totalPath: options.totalPath
})

/**
 * A cursor token from the body, sent back as a query parameter.
 *
 * @example
 * ```ts
 * import { Pagination } from "@govplan/source-http"
 *
 * Pagination.cursor({ nextPath: "meta.next_cursor", param: "cursor" })
 * ```
 *
 * @since 0.1.0
 */
export const cursor = (options: { readonly nextPath: string; readonly param?: string }): Pagination => ({
  _tag: "Cursor",
  param: options.param ?? "cursor",
  nextPath: options.nextPath
})

/**
 * A next URL from the body.
 *
 * @example
 * ```ts
 * import { Pagination } from "@govplan/source-http"
 *
 * Pagination.nextUrl({ nextPath: "next" }) // Django REST framework style
 * ```
 *
 * @since 0.1.0
 */
export const nextUrl = (options: { readonly nextPath: string }): Pagination => ({
  _tag: "NextUrl",
  nextPath: options.nextPath
})

/**
 * The `Link` header's next URL.
 *
 * @example
 * ```ts
 * import { Pagination } from "@govplan/source-http"
 *
 * Pagination.linkHeader()
 * ```
 *
 * @since 0.1.0
 */
export const linkHeader = (): Pagination => ({ _tag: "LinkHeader" })

/**
 * CKAN DataStore search. The load URL is the portal root (`https://data.example.gov.cn`) or the
 * `…/api/3/action/datastore_search` endpoint itself.
 *
 * @example
 * ```ts
 * import { Pagination } from "@govplan/source-http"
 *
 * Pagination.ckan({ resourceId: "2e2a6c1e-…", limit: 1000, filters: { 区县: "南岸区" }, sort: "_id asc" })
 * ```
 *
 * @since 0.1.0
 */
export const ckan = (options: {
  readonly resourceId: string
  readonly limit?: number
  readonly filters?: Readonly<Record<string, string | number | boolean>>
  readonly q?: string
  readonly sort?: string
}): Pagination => ({
  _tag: "Ckan",
  resourceId: options.resourceId,
  limit: positive("ckan limit", options.limit ?? 1000),
  filters: options.filters,
  q: options.q,
  sort: options.sort
})
