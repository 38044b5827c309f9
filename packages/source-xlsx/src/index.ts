/**
 * @since 0.1.0
 */
export * as XlsxSource from "./XlsxSource.js"
