/**
 * The economy pillar's part of the seed data: the enterprise register, a quarterly tier-and-visit
 * ledger consistent with the visit log (tiers move with tax, so enterprises change tier), service
 * events and shared live-stream room bookings.
 *
 * @since 0.1.0
 */
import type * as Generator from "../Generator.js"
import { addDays, at } from "../internal/time.js"
import type { Prng } from "../Prng.js"
import { defaultConfig, tierOf } from "./config.js"
import * as R from "./records.js"

const QUARTER_FACTOR = [1.02, 0.84, 0.93, 0.99] as const // 2022: Q2 lockdown dip
const QUARTER_START = ["01-01", "04-01", "07-01", "10-01"] as const
const QUARTER_DAYS = [90, 91, 92, 92] as const

const poisson = (rng: Prng, mean: number): number => {
  // Knuth; means here are small
  const l = Math.exp(-mean)
  let k = 0
  let p = 1
  do {
    k++
    p *= rng.next()
  } while (p > l)
  return k - 1
}

/**
 * The economy pillar's tables.
 *
 * @since 0.1.0
 */
export const generate = (ctx: Generator.Context): ReadonlyArray<Generator.Table> => {
  const config = defaultConfig
  const y = ctx.year
  const rngReg = ctx.rng.fork("enterprise")
  const register: Array<R.Enterprise> = ctx.enterprises.map((e) => {
    const converts = !e.landed && rngReg.chance(0.22)
    return {
      creditCode: e.creditCode,
      name: e.name,
      committee: e.committee,
      industry: e.industry,
      staff: e.staff,
      registeredOn: e.registeredOn,
      landedStatus: e.landed ? "已落地" : config.notLanded,
      convertedOn: converts ? addDays(`${y}-01-01`, rngReg.int(0, 360)) : null
    }
  })

  const rngQ = ctx.rng.fork("enterprise_quarter")
  const quarters: Array<R.EnterpriseQuarter> = []
  const visits: Array<R.EnterpriseVisit> = []
  let visitSerial = 0
  for (const e of ctx.enterprises) {
    if (!e.landed) continue // only enterprises operating here pay tax here and are visited
    let walk = 1
    for (let q = 0; q < 4; q++) {
      walk *= Math.max(0.5, rngQ.normal(1, 0.12))
      const tax = Math.round((e.tax2021 * QUARTER_FACTOR[q]! * walk) / 100) * 100
      const tier = tierOf(tax, config)
      const lock = q === 1
      const mean = tier === config.tiers.key ? (lock ? 2.3 : 3.3) : tier === config.tiers.quality ? (lock ? 0.9 : 1.35) : 0.1
      const n = poisson(rngQ, mean)
      const start = `${y}-${QUARTER_START[q]}`
      const days: Array<string> = []
      for (let k = 0; k < n; k++) days.push(addDays(start, rngQ.int(0, QUARTER_DAYS[q]! - 1)))
      days.sort()
      for (const d of days) {
        visits.push({
          visitId: `ZF${y}${String(++visitSerial).padStart(5, "0")}`,
          creditCode: e.creditCode,
          name: e.name,
          visitedOn: d,
          tier,
          form: rngQ.weighted(lock ? { 实地走访: 0.15, 电话走访: 0.45, 线上走访: 0.4 } : { 实地走访: 0.7, 电话走访: 0.2, 线上走访: 0.1 }),
          request: rngQ.chance(0.35) ? rngQ.pick(["办公用房", "人才公寓", "政策咨询", "融资需求", "员工子女入学", "停车", "防疫物资"]) : null
        })
      }
      quarters.push({ creditCode: e.creditCode, name: e.name, quarterStart: start, taxTrailing: tax, tier, visits: n })
    }
  }
  visits.sort((a, b) => (a.visitedOn < b.visitedOn ? -1 : a.visitedOn > b.visitedOn ? 1 : a.visitId < b.visitId ? -1 : 1))

  const rngE = ctx.rng.fork("enterprise_event")
  const events: Array<R.EnterpriseEvent> = []
  const plan: ReadonlyArray<{ kind: string; months: ReadonlyArray<number> }> = [
    { kind: config.salon, months: [1, 3, 6, 7, 8, 9, 10, 11, 12, 12] },
    { kind: "企业交享汇", months: [1, 3, 6, 8, 9, 11, 12] },
    { kind: "心灵加油站", months: [3, 6, 7, 9, 10, 12] },
    { kind: "政策直通车", months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] }
  ]
  let eventSerial = 0
  for (const p of plan) {
    p.months.forEach((m, i) => {
      const day = `${y}-${String(m).padStart(2, "0")}-${String(rngE.int(5, 26)).padStart(2, "0")}`
      const enterprises = p.kind === "政策直通车" && (m === 4 || m === 5) ? rngE.int(20, 60) : rngE.int(8, 30) // online sessions in the lockdown
      events.push({
        eventId: `HD${y}${String(++eventSerial).padStart(3, "0")}`,
        kind: p.kind,
        title: `${p.kind}第${i + 1}期`,
        heldOn: day,
        enterprises,
        attendees: enterprises + rngE.int(5, 40)
      })
    })
  }
  events.sort((a, b) => (a.heldOn < b.heldOn ? -1 : a.heldOn > b.heldOn ? 1 : a.eventId < b.eventId ? -1 : 1))

  const rngL = ctx.rng.fork("livestream_booking")
  const streamers = ctx.enterprises.filter((e) => e.landed && (e.industry === "批发零售" || e.industry === "文化创意" || e.industry === "住宿餐饮" || rngL.chance(0.08)))
  const bookings: Array<R.LivestreamBooking> = []
  let bookingSerial = 0
  for (let day = `${y}-03-01`; day < `${y + 1}-01-01`; day = addDays(day, 1)) {
    if (day >= `${y}-04-01` && day < `${y}-06-01`) continue // the centre was closed in the lockdown
    const n = rngL.chance(0.75) ? rngL.int(0, 2) : 0
    for (let k = 0; k < n; k++) {
      const e = rngL.pick(streamers)
      const status = rngL.weighted({ [config.booking.used]: 0.8, [config.booking.cancelled]: 0.12, [config.booking.noShow]: 0.08 })
      bookings.push({
        bookingId: `ZB${day.replace(/-/g, "")}${String(++bookingSerial).padStart(4, "0")}`,
        creditCode: e.creditCode,
        name: e.name,
        bookedAt: at(addDays(day, -rngL.int(1, 10)), 9 * 3600 + rngL.int(0, 9 * 3600)),
        slotDate: day,
        hours: rngL.pick([1, 1.5, 2, 2, 3, 4]),
        status
      })
    }
  }

  return [
    { record: R.Enterprise, rows: register },
    { record: R.EnterpriseQuarter, rows: quarters },
    { record: R.EnterpriseVisit, rows: visits },
    { record: R.EnterpriseEvent, rows: events },
    { record: R.LivestreamBooking, rows: bookings }
  ]
}
