/**
 * The one error of the report SDK's boundary.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * Why building or rendering a report failed.
 * - `InvalidReport`: the report (or a provider's blocks) does not match the schema;
 * - `ProviderFailed`: a section provider failed;
 * - `NarrativeUnreadable`: the narrative directory or a file in it could not be read;
 * - `RenderFailed`: a renderer could not produce its output.
 *
 * @since 0.1.0
 */
export class ReportError extends Schema.TaggedError<ReportError>("@govplan/report/ReportError")("ReportError", {
  reason: Schema.Literal("InvalidReport", "ProviderFailed", "NarrativeUnreadable", "RenderFailed"),
  message: Schema.String,
  cause: Schema.optional(Schema.Defect)
}) {}
