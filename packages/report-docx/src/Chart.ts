/**
 * Charts: a report's chart block (data) → a vega-lite spec → SVG (vega, no
 * canvas needed, works in browsers) → PNG through an injectable
 * {@link Rasteriser}. The Node default (resvg) lives in
 * `@govplan/report-docx/node`, so the main entry stays browser-safe.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import * as vega from "vega"
import { compile, type TopLevelSpec } from "vega-lite"
import { Report, ReportError } from "@govplan/report"
import { Sanitize } from "@govplan/report"

/**
 * A raster image of a chart.
 *
 * @since 0.1.0
 */
export interface Png {
  readonly data: Uint8Array
  /** Pixel size of the PNG. */
  readonly width: number
  readonly height: number
}

/**
 * Turns an SVG into a PNG `scale` times its size.
 *
 * @example
 * ```ts
 * import { ResvgRasteriser } from "@govplan/report-docx/node"
 *
 * const rasteriser = ResvgRasteriser.make()
 * ```
 *
 * @since 0.1.0
 */
export interface Rasteriser {
  readonly rasterise: (svg: string, options: { readonly scale: number; readonly fontFamily: string }) => Effect.Effect<Png, ReportError.ReportError>
}

/** The chart's width in CSS pixels (96 dpi): 150 mm of the 156 mm type area. @since 0.1.0 */
export const WIDTH = 560

const percentFormat = ".0%"

/** A text's width as the rasteriser draws it: full-width characters one em, others 0.6 em. */
const textWidth = (item: unknown, text?: unknown): number => {
  const i = item as { readonly text?: unknown; readonly fontSize?: number }
  const t = text ?? i.text
  const s = Array.isArray(t) ? t.map(String).reduce((a, b) => (a.length >= b.length ? a : b), "") : t == null ? "" : String(t)
  const size = i.fontSize ?? 11
  let w = 0
  for (const ch of s) w += ch.charCodeAt(0) >= 0x2e80 || "“”‘’—…·".includes(ch) ? size : 0.6 * size
  return w
}

/**
 * A vega-lite specification as plain JSON. vega-lite's own `TopLevelSpec` type stays inside this
 * package: its declarations do not compile under a consumer's `exactOptionalPropertyTypes`, so the
 * public `.d.ts` must not reference them.
 *
 * @since 0.1.0
 */
export interface VegaLiteSpec {
  readonly [key: string]: unknown
}

/**
 * The vega-lite spec of a chart block: horizontal bars, one per category,
 * coloured by series, with a reference rule.
 *
 * @since 0.1.0
 */
export const toVegaLite = (chart: Report.Chart, fontFamily: string): VegaLiteSpec => ({ ...vegaLite(chart, fontFamily) })

const vegaLite = (chart: Report.Chart, fontFamily: string): TopLevelSpec => {
  const { spec } = chart
  const data = chart.data.map((d) => ({ category: Sanitize.line(d.category), value: d.value, series: Sanitize.line(d.series ?? "") }))
  const series = spec.series ?? []
  const format = spec.valueFormat === "percent" ? percentFormat : ",.2~f"
  const max = Math.max(spec.reference ?? 0, ...data.map((d) => d.value))
  const bar = {
    mark: { type: "bar" as const, height: { band: 0.7 } },
    encoding: {
      y: { field: "category", type: "nominal" as const, sort: null, title: null, axis: { labelLimit: 240 } },
      x: { field: "value", type: "quantitative" as const, title: Sanitize.line(spec.valueTitle), axis: { format }, scale: { domain: [0, max > 0 ? max : 1] } },
      color:
        series.length > 0
          ? { field: "series", type: "nominal" as const, title: null, scale: { domain: series.map((s) => Sanitize.line(s.name)), range: series.map((s) => s.color) }, legend: { orient: "bottom" as const } }
          : { value: "#1565c0" }
    }
  }
  const layers: Array<any> = [bar]
  if (spec.reference !== undefined) {
    layers.push({ data: { values: [{ reference: spec.reference }] }, mark: { type: "rule", color: "#333", strokeDash: [4, 3] }, encoding: { x: { field: "reference", type: "quantitative" } } })
  }
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    width: WIDTH,
    autosize: { type: "fit-x", contains: "padding" },
    height: { step: 22 },
    background: "white",
    data: { values: data },
    config: { font: fontFamily, axis: { labelFontSize: 12, titleFontSize: 12 }, legend: { labelFontSize: 12 }, view: { stroke: null } },
    layer: layers
  } as TopLevelSpec
}

/**
 * The SVG of a chart block, drawn by vega.
 *
 * @since 0.1.0
 */
export const toSvg = (chart: Report.Chart, fontFamily: string): Effect.Effect<string, ReportError.ReportError> =>
  Effect.tryPromise({
    try: async () => {
      const compiled = compile(vegaLite(chart, fontFamily), { logger: vega.logger(vega.None) }).spec
      // Without a canvas vega estimates every character at 0.8 em; a Chinese character is a full em, so
      // long labels ("疫情防控与安商稳商") were laid out too narrow and clipped at the image's edge.
      const metrics = (vega as unknown as { textMetrics: { width: (item: unknown, text?: unknown) => number } }).textMetrics
      const estimate = metrics.width
      metrics.width = textWidth
      const view = new vega.View(vega.parse(compiled), { renderer: "none" })
      try {
        return await view.toSVG()
      } finally {
        view.finalize()
        metrics.width = estimate
      }
    },
    catch: (cause) => new ReportError.ReportError({ reason: "RenderFailed", message: `chart "${chart.title}": vega could not draw it: ${cause instanceof Error ? cause.message : String(cause)}`, cause })
  })
