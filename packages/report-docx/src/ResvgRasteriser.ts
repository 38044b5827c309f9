/**
 * The Node chart rasteriser: resvg (a native SVG renderer shipped as
 * prebuilt binaries in its npm packages). Node only: import it from
 * `@govplan/report-docx/node`.
 *
 * @since 0.1.0
 */
import { spawnSync } from "node:child_process"
import { Resvg } from "@resvg/resvg-js"
import { Effect } from "effect"
import { ReportError } from "@govplan/report"
import type * as Chart from "./Chart.js"

/**
 * Options: font files to draw with (e.g. a free CJK font), and whether to
 * load every system font (slow: a CJK font collection takes ~0.3 s per chart).
 * By default the first family of the chart's font list is located once with
 * fontconfig (`fc-match`) and only that file is loaded; where fontconfig
 * finds nothing, the system fonts are loaded.
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
export const make = (options: Options = {}): Chart.Rasteriser => {
  const located = new Map<string, string | undefined>()
  const locate = (family: string): string | undefined => {
    if (!located.has(family)) {
      const r = spawnSync("fc-match", ["-f", "%{file}", family], { encoding: "utf8" })
      const file = r.status === 0 && typeof r.stdout === "string" && /\.(ttc|ttf|otf)$/i.test(r.stdout.trim()) ? r.stdout.trim() : undefined
      located.set(family, file)
    }
    return located.get(family)
  }
  return {
  rasterise: (svg, { fontFamily, scale }) =>
    Effect.try({
      try: () => {
        const first = fontFamily.split(",")[0]!.trim()
        const file = options.fontFiles === undefined && options.loadSystemFonts !== true ? locate(first) : undefined
        const fontFiles = [...(options.fontFiles ?? []), ...(file !== undefined ? [file] : [])]
        const resvg = new Resvg(svg, {
          fitTo: { mode: "zoom", value: scale },
          background: "white",
          font: { loadSystemFonts: options.loadSystemFonts ?? fontFiles.length === 0, fontFiles, defaultFontFamily: first, sansSerifFamily: first }
        })
        const image = resvg.render()
        return { data: new Uint8Array(image.asPng()), width: image.width, height: image.height }
      },
      catch: (cause) => new ReportError.ReportError({ reason: "RenderFailed", message: `resvg could not rasterise a chart: ${cause instanceof Error ? cause.message : String(cause)}`, cause })
    })
  }
}
