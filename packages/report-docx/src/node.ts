/**
 * Node-only additions: the resvg chart rasteriser and a renderer using it by default.
 *
 * @since 0.1.0
 */
export * as NodeDocx from "./NodeDocx.js"

/**
 * @since 0.1.0
 */
export * as ResvgRasteriser from "./ResvgRasteriser.js"
