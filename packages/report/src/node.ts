/**
 * Node-only additions (file system access).
 *
 * @since 0.1.0
 */
export * as NodeNarrative from "./NodeNarrative.js"
