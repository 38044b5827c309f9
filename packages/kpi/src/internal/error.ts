import { Schema } from "effect"

/** @internal */
export class KpiError extends Schema.TaggedError<KpiError>("@govplan/kpi/KpiError")("KpiError", {
  reason: Schema.Literal("InvalidDefinition", "InvalidOptions", "InvalidValue", "InvalidIdentifier", "InvalidRows", "SourceFailed"),
  message: Schema.String,
  kpiId: Schema.optional(Schema.String),
  field: Schema.optional(Schema.String),
  cause: Schema.optional(Schema.Unknown)
}) {}
