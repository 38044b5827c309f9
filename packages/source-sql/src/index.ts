/**
 * @since 0.1.0
 */
export * as SqlSource from "./SqlSource.js"
