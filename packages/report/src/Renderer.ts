/**
 * Renderers are typed plugins that turn a report into bytes or text. The
 * Markdown renderer ships here; `@govplan/report-docx` ships the Word one;
 * anyone can add another by implementing {@link Renderer}.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import type * as Report from "./Report.js"
import type { ReportError } from "./ReportError.js"

/**
 * A renderer.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import type { Renderer } from "@govplan/report"
 *
 * const titleOnly: Renderer.Renderer<string> = {
 *   name: "title",
 *   mediaType: "text/plain",
 *   extension: "txt",
 *   render: (report) => Effect.succeed(report.metadata.title)
 * }
 * ```
 *
 * @since 0.1.0
 */
export interface Renderer<Out extends Uint8Array | string = Uint8Array | string, E = ReportError> {
  /** A short name ("markdown", "docx"). */
  readonly name: string
  /** The IANA media type of the output. */
  readonly mediaType: string
  /** The file extension, without the dot. */
  readonly extension: string
  readonly render: (report: Report.Report) => Effect.Effect<Out, E>
}

/**
 * Output as bytes: strings are UTF-8 encoded.
 *
 * @since 0.1.0
 */
export const renderBytes = <E>(renderer: Renderer<Uint8Array | string, E>, report: Report.Report): Effect.Effect<Uint8Array, E> =>
  Effect.map(renderer.render(report), (out) => (typeof out === "string" ? new TextEncoder().encode(out) : out))

/**
 * A renderer's output as a Promise, for callers who do not use Effect.
 *
 * @since 0.1.0
 */
export const renderPromise = <Out extends Uint8Array | string, E>(renderer: Renderer<Out, E>, report: Report.Report): Promise<Out> =>
  Effect.runPromise(renderer.render(report))
