/**
 * Streaming Excel source: .xlsx and .xlsm workbooks as the offices keep their ledgers (台账) and as
 * the 12345 platform exports them, decoded against any record schema with cell-exact rejections
 * (file, sheet, cell `C17`, value, reason).
 *
 * @since 0.1.0
 */
export * as XlsxSource from "./XlsxSource.js"
