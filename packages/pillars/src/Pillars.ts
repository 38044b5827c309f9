/**
 * The registry of pillars: every pillar module the generator and the scorecard use by default.
 *
 * @since 0.1.0
 */
import type { Pillar } from "./Pillar.js"
import { pillar as economy } from "./economy/index.js"
import { pillar as party } from "./party/index.js"
import { pillar as urban } from "./urban/index.js"
import { pillar as culture } from "./culture/index.js"
import { pillar as governance } from "./governance/index.js"
import { pillar as livelihood } from "./livelihood/index.js"
import { pillar as safety } from "./safety/index.js"

/**
 * Every registered pillar, in plan order.
 *
 * @since 0.1.0
 */
export const all: ReadonlyArray<Pillar> = [
  party,
  economy,
  urban,
  governance,
  livelihood,
  culture,
  safety
].sort((a, b) => a.number - b.number)

/**
 * The pillar with the given key.
 *
 * @since 0.1.0
 */
export const byKey = (key: string): Pillar | undefined => all.find((p) => p.key === key)

/**
 * The record type of the given name, across all registered pillars.
 *
 * @since 0.1.0
 */
export const recordType = (name: string) => all.flatMap((p) => p.records).find((r) => r.name === name)
