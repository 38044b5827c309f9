import type * as Filter from "../Filter.js"

/** @internal */
export type Row = Readonly<Record<string, unknown>>

/** @internal */
export type Predicate = (row: Row) => boolean

const always: Predicate = () => true
const never: Predicate = () => false

/**
 * Compiles a filter once into a closure. Missing values (`null` / `undefined`) make every comparison
 * false, as `NULL` does in SQL's `WHERE`; `not` is the plain complement (SQL side: `NOT COALESCE(…, FALSE)`).
 * Values are compared with `===` / `<` like SQL compares same-typed values.
 *
 * @internal
 */
export const compile = (filter: Filter.Filter): Predicate => {
  switch (filter._tag) {
    case "Compare": {
      const f = filter.field
      const x = filter.value
      switch (filter.op) {
        case "eq":
          return (row) => row[f] === x
        case "ne":
          return (row) => {
            const v = row[f]
            return v !== null && v !== undefined && v !== x
          }
        case "lt":
          return (row) => {
            const v = row[f] as Filter.Value | null | undefined
            return v !== null && v !== undefined && v < x
          }
        case "le":
          return (row) => {
            const v = row[f] as Filter.Value | null | undefined
            return v !== null && v !== undefined && v <= x
          }
        case "gt":
          return (row) => {
            const v = row[f] as Filter.Value | null | undefined
            return v !== null && v !== undefined && v > x
          }
        case "ge":
          return (row) => {
            const v = row[f] as Filter.Value | null | undefined
            return v !== null && v !== undefined && v >= x
          }
      }
      break
    }
    case "FieldCompare": {
      const l = filter.left
      const r = filter.right
      const op = filter.op
      return (row) => {
        const a = row[l] as Filter.Value | null | undefined
        const b = row[r] as Filter.Value | null | undefined
        if (a === null || a === undefined || b === null || b === undefined) return false
        switch (op) {
          case "eq":
            return a === b
          case "ne":
            return a !== b
          case "lt":
            return a < b
          case "le":
            return a <= b
          case "gt":
            return a > b
          case "ge":
            return a >= b
        }
      }
    }
    case "OneOf": {
      const f = filter.field
      if (filter.values.length === 0) return never
      if (filter.values.length === 1) {
        const x = filter.values[0]
        return (row) => row[f] === x
      }
      const set = new Set<unknown>(filter.values)
      return (row) => set.has(row[f])
    }
    case "IsNull": {
      const f = filter.field
      return (row) => {
        const v = row[f]
        return v === null || v === undefined
      }
    }
    case "IsNotNull": {
      const f = filter.field
      return (row) => {
        const v = row[f]
        return v !== null && v !== undefined
      }
    }
    case "And": {
      const ps = filter.filters.map(compile)
      if (ps.length === 0) return always
      if (ps.length === 1) return ps[0]!
      if (ps.length === 2) {
        const [a, b] = ps as [Predicate, Predicate]
        return (row) => a(row) && b(row)
      }
      return (row) => {
        for (let i = 0; i < ps.length; i++) if (!ps[i]!(row)) return false
        return true
      }
    }
    case "Or": {
      const ps = filter.filters.map(compile)
      if (ps.length === 0) return never
      if (ps.length === 1) return ps[0]!
      if (ps.length === 2) {
        const [a, b] = ps as [Predicate, Predicate]
        return (row) => a(row) || b(row)
      }
      return (row) => {
        for (let i = 0; i < ps.length; i++) if (ps[i]!(row)) return true
        return false
      }
    }
    case "Not": {
      const p = compile(filter.filter)
      return (row) => !p(row)
    }
  }
}
