/**
 * The Node chart rasteriser: resvg (a native SVG renderer shipped as
 * prebuilt binaries in its npm packages). Node only: import it from
 * `@govplan/report-docx/node`.
 *
 * @since 0.1.0
 */
import { Resvg } from "@resvg/resvg-js"
import { Effect } from "effect"
import { ReportError } from "@govplan/report"
import type * as Chart from "./Chart.js"

/**
 * Options: extra font files (e.g. a bundled free CJK font) and whether to
 * load the system's fonts (default true).
 *
 * @since 0.1.0
 */
export interface Options {
  readonly fontFiles?: ReadonlyArray<string>
  readonly loadSystemFonts?: boolean
}

/**
 * A rasteriser backed by resvg.
 *
 * @example
 * ```ts
 * import { DocxRenderer } from "@govplan/report-docx"
 * import { ResvgRasteriser } from "@govplan/report-docx/node"
 *
 * const renderer = DocxRenderer.make({ rasteriser: ResvgRasteriser.make() })
 * ```
 *
 * @since 0.1.0
 */
export const make = (options: Options = {}): Chart.Rasteriser => ({
  rasterise: (svg, { fontFamily, scale }) =>
    Effect.try({
      try: () => {
        const first = fontFamily.split(",")[0]!.trim()
        const resvg = new Resvg(svg, {
          fitTo: { mode: "zoom", value: scale },
          background: "white",
          font: { loadSystemFonts: options.loadSystemFonts ?? true, fontFiles: [...(options.fontFiles ?? [])], defaultFontFamily: first, sansSerifFamily: first }
        })
        const image = resvg.render()
        return { data: new Uint8Array(image.asPng()), width: image.width, height: image.height }
      },
      catch: (cause) => new ReportError.ReportError({ reason: "RenderFailed", message: `resvg could not rasterise a chart: ${cause instanceof Error ? cause.message : String(cause)}`, cause })
    })
})
