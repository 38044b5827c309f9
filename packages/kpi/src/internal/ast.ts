import type * as Filter from "../Filter.js"

/** @internal */
export interface Count {
  readonly _tag: "Count"
  readonly time: string
  readonly where?: Filter.Filter
}

/** @internal */
export interface FieldMeasure<Tag extends string> {
  readonly _tag: Tag
  readonly field: string
  readonly time: string
  readonly where?: Filter.Filter
}

/** @internal */
export interface WeightedMean {
  readonly _tag: "WeightedMean"
  readonly field: string
  readonly weights: Readonly<Record<string, number>>
  readonly time: string
  readonly where?: Filter.Filter
}

/** @internal */
export interface Ratio {
  readonly _tag: "Ratio"
  readonly numerator: Measure
  readonly denominator: Measure
}

/** @internal */
export interface Derive {
  readonly _tag: "Derive"
  readonly inputs: Readonly<Record<string, Measure>>
  readonly expr: Expr
}

/** @internal */
export type Measure =
  | Count
  | FieldMeasure<"Sum">
  | FieldMeasure<"CountDistinct">
  | FieldMeasure<"Min">
  | FieldMeasure<"Max">
  | WeightedMean
  | Ratio
  | Derive

/** @internal */
export type Expr =
  | { readonly _tag: "Ref"; readonly name: string }
  | { readonly _tag: "Const"; readonly value: number }
  | { readonly _tag: "Add" | "Sub" | "Mul" | "Div"; readonly left: Expr; readonly right: Expr }

/** @internal */
export interface Definition {
  readonly id: string
  readonly name: string
  readonly gloss?: string
  readonly record: string
  readonly unit?: string
  readonly description?: string
  readonly measure: Measure
}

/** @internal */
export type LeafMeasure = Exclude<Measure, Ratio | Derive>
