/**
 * Load records from JSON APIs with `@effect/platform`'s `HttpClient`: paginated APIs (page/size,
 * offset/limit, a cursor or a next URL in the body, the `Link` header) and CKAN DataStore
 * `datastore_search`, the API most government open-data portals run.
 *
 * @since 0.1.0
 */
export * as HttpSource from "./HttpSource.js"

/**
 * Pagination strategies, as plain data.
 *
 * @since 0.1.0
 */
export * as Pagination from "./Pagination.js"
