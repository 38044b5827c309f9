/**
 * A small deterministic pseudo-random number generator (mulberry32) for the
 * seed-data generator: the same seed gives the same data on every machine and
 * every Node version, which `Math.random` cannot promise.
 *
 * @since 0.1.0
 */

/**
 * A stream of pseudo-random numbers.
 *
 * @since 0.1.0
 */
export interface Prng {
  /** The next float in `[0, 1)`. */
  readonly next: () => number
  /** An integer in `[lo, hi]` (both included). */
  readonly int: (lo: number, hi: number) => number
  /** `true` with probability `p`. */
  readonly chance: (p: number) => boolean
  /** One element of a non-empty list. */
  readonly pick: <A>(xs: ReadonlyArray<A>) => A
  /** A key drawn with the given weights (weights need not sum to 1). */
  readonly weighted: <K extends string>(weights: Readonly<Record<K, number>>) => K
  /** An approximately normal draw (sum of three uniforms), mean `mu`, spread `sigma`. */
  readonly normal: (mu: number, sigma: number) => number
  /**
   * An independent child stream named `label`: forking by name keeps one table's rows from shifting
   * when another table draws more or fewer numbers.
   */
  readonly fork: (label: string) => Prng
  /** The seed this stream started from. */
  readonly seed: number
}

/**
 * A 32-bit FNV-1a hash of a string, used to derive child seeds.
 *
 * @since 0.1.0
 */
export const hash = (s: string): number => {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

interface Cumulative {
  readonly keys: ReadonlyArray<string>
  readonly bounds: ReadonlyArray<number>
  readonly total: number
}

// weight tables are usually constants: compute their running sums once per table object
const tables = new WeakMap<object, Cumulative>()
const cumulative = (weights: Readonly<Record<string, number>>): Cumulative => {
  let t = tables.get(weights)
  if (t === undefined) {
    const keys = Object.keys(weights)
    const bounds: Array<number> = []
    let total = 0
    for (const k of keys) bounds.push((total += weights[k]!))
    t = { keys, bounds, total }
    tables.set(weights, t)
  }
  return t
}

/**
 * A mulberry32 stream from a 32-bit seed.
 *
 * @example
 * ```ts
 * import { Prng } from "@govplan/pillars"
 *
 * const rng = Prng.make(20220101)
 * rng.int(1, 6) // the same die roll on every run
 * ```
 *
 * @since 0.1.0
 */
export const make = (seed: number): Prng => {
  let a = seed >>> 0
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const self: Prng = {
    seed: seed >>> 0,
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p) => next() < p,
    pick: (xs) => {
      if (xs.length === 0) throw new RangeError("Prng.pick: empty list")
      return xs[Math.floor(next() * xs.length)]!
    },
    weighted: (weights) => {
      const t = cumulative(weights)
      const r = next() * t.total
      for (let i = 0; i < t.keys.length; i++) if (r < t.bounds[i]!) return t.keys[i] as never
      return t.keys[t.keys.length - 1] as never
    },
    normal: (mu, sigma) => mu + sigma * ((next() + next() + next() - 1.5) * 2),
    fork: (label) => make(hash(`${seed >>> 0}/${label}`))
  }
  return self
}
