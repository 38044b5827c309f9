/**
 * Streaming CSV source: files and Node streams, UTF-8 (with or without BOM), GBK
 * and GB18030, comma, tab or semicolon, quoted fields with line breaks; rows
 * decoded against any record schema with row-exact rejections.
 *
 * @since 0.1.0
 */
export * as CsvSource from "./CsvSource.js"
