/**
 * The docx renderer with Node defaults: charts drawn with resvg.
 *
 * @since 0.1.0
 */
import type { Renderer } from "@govplan/report"
import * as DocxRenderer from "./DocxRenderer.js"
import * as ResvgRasteriser from "./ResvgRasteriser.js"

/**
 * {@link DocxRenderer.make} with the resvg rasteriser unless one is given.
 *
 * @example
 * ```ts
 * import { NodeDocx } from "@govplan/report-docx/node"
 *
 * const renderer = NodeDocx.make({ layout: "文件" })
 * ```
 *
 * @since 0.1.0
 */
export const make = (options: DocxRenderer.Options = {}): Renderer.Renderer<Uint8Array> =>
  DocxRenderer.make({ ...options, rasteriser: options.rasteriser ?? ResvgRasteriser.make() })
