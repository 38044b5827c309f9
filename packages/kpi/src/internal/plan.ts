import type * as Filter from "../Filter.js"
import type { Definition, Expr, LeafMeasure, Measure } from "../Kpi.js"

/** Leaf kinds, as small integers for the hot loop. */
export const COUNT = 0
export const SUM = 1
export const DISTINCT = 2
export const MIN = 3
export const MAX = 4
export const WEIGHTED = 5

/** @internal a leaf measure, shared by every definition that uses an identical one */
export interface Leaf {
  readonly index: number
  readonly kind: number
  readonly measure: LeafMeasure
  readonly time: string
  readonly field: string | undefined
  readonly where: Filter.Filter | undefined
  readonly weights: ReadonlyMap<string, number> | undefined
  /** ids of the definitions that use it, for error messages */
  readonly kpiIds: Array<string>
}

/** @internal a measure tree whose leaves point into the leaf table */
export type Node =
  | { readonly _tag: "Leaf"; readonly leaf: Leaf }
  | { readonly _tag: "Ratio"; readonly numerator: Node; readonly denominator: Node }
  | { readonly _tag: "Derive"; readonly inputs: ReadonlyMap<string, Node>; readonly expr: Expr }

/** @internal */
export interface Plan {
  readonly leaves: ReadonlyArray<Leaf>
  readonly roots: ReadonlyArray<{ readonly def: Definition; readonly node: Node; readonly leaves: ReadonlyArray<number> }>
}

const kindCode = (m: LeafMeasure): number => {
  switch (m._tag) {
    case "Count":
      return COUNT
    case "Sum":
      return SUM
    case "CountDistinct":
      return DISTINCT
    case "Min":
      return MIN
    case "Max":
      return MAX
    case "WeightedMean":
      return WEIGHTED
  }
}

/** A canonical key of a leaf: identical leaves across definitions are computed once. */
const leafKey = (m: LeafMeasure): string => {
  const field = m._tag === "Count" ? "" : m.field
  const weights = m._tag === "WeightedMean" ? Object.keys(m.weights).sort().map((k) => [k, m.weights[k]]) : null
  return JSON.stringify([m._tag, m.time, field, weights, m.where ?? null])
}

/** @internal flattens definitions into a de-duplicated leaf table */
export const make = (defs: ReadonlyArray<Definition>): Plan => {
  const leaves: Array<Leaf> = []
  const byKey = new Map<string, Leaf>()
  const roots = defs.map((def) => {
    const used = new Set<number>()
    const go = (m: Measure): Node => {
      switch (m._tag) {
        case "Ratio":
          return { _tag: "Ratio", numerator: go(m.numerator), denominator: go(m.denominator) }
        case "Derive": {
          const inputs = new Map<string, Node>()
          for (const k of Object.keys(m.inputs)) inputs.set(k, go(m.inputs[k]!))
          return { _tag: "Derive", inputs, expr: m.expr }
        }
        default: {
          const key = leafKey(m)
          let leaf = byKey.get(key)
          if (leaf === undefined) {
            leaf = {
              index: leaves.length,
              kind: kindCode(m),
              measure: m,
              time: m.time,
              field: m._tag === "Count" ? undefined : m.field,
              where: m.where,
              weights: m._tag === "WeightedMean" ? new Map(Object.entries(m.weights)) : undefined,
              kpiIds: []
            }
            leaves.push(leaf)
            byKey.set(key, leaf)
          }
          if (!leaf.kpiIds.includes(def.id)) leaf.kpiIds.push(def.id)
          used.add(leaf.index)
          return { _tag: "Leaf", leaf }
        }
      }
    }
    const node = go(def.measure)
    return { def, node, leaves: [...used].sort((a, b) => a - b) }
  })
  return { leaves, roots }
}
