/**
 * @since 0.1.0
 */
export * as Format from "./Format.js"

/**
 * @since 0.1.0
 */
export * as MarkdownRenderer from "./MarkdownRenderer.js"

/**
 * @since 0.1.0
 */
export * as Narrative from "./Narrative.js"

/**
 * @since 0.1.0
 */
export * as Numbering from "./Numbering.js"

/**
 * @since 0.1.0
 */
export * as Renderer from "./Renderer.js"

/**
 * @since 0.1.0
 */
export * as Report from "./Report.js"

/**
 * @since 0.1.0
 */
export * as ReportError from "./ReportError.js"

/**
 * @since 0.1.0
 */
export * as Sanitize from "./Sanitize.js"

/**
 * @since 0.1.0
 */
export * as SectionProvider from "./SectionProvider.js"
