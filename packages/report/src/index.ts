/**
 * How scorecard values read in a Chinese report: status names, targets,
 * observed values, achievement ratios.
 *
 * @since 0.1.0
 */
export * as Format from "./Format.js"

/**
 * The Markdown renderer: for previews, diffs and tests. Headings keep their
 * official labels (一、 （一） 1. （1）) as text; KPI tables are pipe tables;
 * charts are tables of their data.
 *
 * @since 0.1.0
 */
export * as MarkdownRenderer from "./MarkdownRenderer.js"

/**
 * Narrative text supplied by the user: the words of a summary that no KPI
 * computes ("全年共开展……"). One text per key — a pillar key ("party"), a
 * plan section id, or a provider's own key ("overview", "outlook") — written
 * as light Markdown: blank lines separate paragraphs, "- " and "1. " lines make
 * lists, and a paragraph opening with `**phrase**` sets that phrase apart.
 *
 * @since 0.1.0
 */
export * as Narrative from "./Narrative.js"

/**
 * The four heading levels of a Chinese official document and how each is
 * numbered: 一、 （一） 1. （1）.
 *
 * @since 0.1.0
 */
export * as Numbering from "./Numbering.js"

/**
 * Renderers are typed plugins that turn a report into bytes or text. The
 * Markdown renderer ships here; `@govplan/report-docx` ships the Word one;
 * anyone can add another by implementing {@link Renderer}.
 *
 * @since 0.1.0
 */
export * as Renderer from "./Renderer.js"

/**
 * A report is data: document metadata and an ordered tree of blocks. Nested
 * {@link Section}s are the four heading levels (一、 （一） 1. （1）), numbered
 * when rendered, never by hand. Renderers turn a {@link Report} into bytes.
 *
 * @since 0.1.0
 */
export * as Report from "./Report.js"

/**
 * The one error of the report SDK's boundary.
 *
 * @since 0.1.0
 */
export * as ReportError from "./ReportError.js"

/**
 * Text from data is untrusted: a control character in a narrative file or an
 * indicator name would make an XML-based document (a .docx) that Word refuses
 * to open. Every renderer runs text through {@link text} first.
 *
 * @since 0.1.0
 */
export * as Sanitize from "./Sanitize.js"

/**
 * Section providers are typed plugins that turn a plan, its scorecard and
 * the user's narrative into report blocks. A report is the providers' blocks
 * in order. The built-in {@link pillar} provider is one generic provider,
 * instantiated once per pillar of the plan by {@link pillars}; anyone can
 * write another: an object with an `id` and a `provide` function.
 *
 * @since 0.1.0
 */
export * as SectionProvider from "./SectionProvider.js"
