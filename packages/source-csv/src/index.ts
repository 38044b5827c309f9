/**
 * @since 0.1.0
 */
export * as CsvSource from "./CsvSource.js"
