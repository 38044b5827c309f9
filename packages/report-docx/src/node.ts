/**
 * The docx renderer with Node defaults: charts drawn with resvg.
 *
 * @since 0.1.0
 */
export * as NodeDocx from "./NodeDocx.js"

/**
 * The Node chart rasteriser: resvg (a native SVG renderer shipped as
 * prebuilt binaries in its npm packages). Node only: import it from
 * `@govplan/report-docx/node`.
 *
 * @since 0.1.0
 */
export * as ResvgRasteriser from "./ResvgRasteriser.js"
