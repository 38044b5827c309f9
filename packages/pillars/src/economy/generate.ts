/**
 * The economy pillar's part of the seed data: the enterprise register, a quarterly tier-and-visit
 * ledger consistent with the visit log (tiers move with tax, so enterprises change tier), service
 * events and shared live-stream room bookings.
 *
 * The ledgers are kept across years: the tier-and-visit ledger, the visit log and the live-stream
 * bookings also hold the year before (2021), so the plan's "增加走访频次" and "扩大惠企服务受益面"
 * can be judged against last year's level computed from the same ledgers. The year before is drawn
 * from its own random streams (`<table>/previous-year`), so the plan year's rows are the same as
 * without it. In 2021 there was no lockdown: visits ran at about the 2022 pace of the open quarters,
 * so the 2022 annual frequency (with the Q2 dip) ends slightly below 2021's; the live-stream room
 * opened on 1 May 2021 and was booked less than in 2022.
 *
 * @since 0.1.0
 */
import type * as Generator from "../Generator.js"
import { addDays, at } from "../internal/time.js"
import type { Prng } from "../Prng.js"
import { defaultConfig, tierOf } from "./config.js"
import * as R from "./records.js"

const QUARTER_FACTOR = [1.02, 0.84, 0.93, 0.99] as const // 2022: Q2 lockdown dip
const PREVIOUS_QUARTER_FACTOR = [0.94, 0.97, 0.99, 1.0] as const // the year before: tax rising to its 2021 level
/** The day the shared live-stream room opened (in the year before the plan year). */
const LIVESTREAM_OPENED = "05-01"
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

  const quarters: Array<R.EnterpriseQuarter> = []
  const visits: Array<R.EnterpriseVisit> = []
  // the year before: no lockdown, tax climbing to the enterprise's 2021 level
  const rngP = ctx.rng.fork("enterprise_quarter/previous-year")
  let previousSerial = 0
  for (const e of ctx.enterprises) {
    if (!e.landed) continue
    for (let q = 0; q < 4; q++) {
      const tax = Math.round((e.tax2021 * PREVIOUS_QUARTER_FACTOR[q]! * Math.max(0.5, rngP.normal(1, 0.08))) / 100) * 100
      const tier = tierOf(tax, config)
      const mean = tier === config.tiers.key ? 3.3 : tier === config.tiers.quality ? 1.35 : 0.1
      const n = poisson(rngP, mean)
      const start = `${y - 1}-${QUARTER_START[q]}`
      const days: Array<string> = []
      for (let k = 0; k < n; k++) days.push(addDays(start, rngP.int(0, QUARTER_DAYS[q]! + (q === 0 && (y - 1) % 4 === 0 ? 1 : 0) - 1)))
      days.sort()
      for (const d of days) {
        visits.push({
          visitId: `ZF${y - 1}${String(++previousSerial).padStart(5, "0")}`,
          creditCode: e.creditCode,
          name: e.name,
          visitedOn: d,
          tier,
          form: rngP.weighted({ 实地走访: 0.72, 电话走访: 0.2, 线上走访: 0.08 }),
          request: rngP.chance(0.35) ? rngP.pick(["办公用房", "人才公寓", "政策咨询", "融资需求", "员工子女入学", "停车"]) : null
        })
      }
      quarters.push({ creditCode: e.creditCode, name: e.name, quarterStart: start, taxTrailing: tax, tier, visits: n })
    }
  }

  const rngQ = ctx.rng.fork("enterprise_quarter")
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
  // the year before: the room opened on 1 May and was booked less often
  const rngLP = ctx.rng.fork("livestream_booking/previous-year")
  for (let day = `${y - 1}-${LIVESTREAM_OPENED}`; day < `${y}-01-01`; day = addDays(day, 1)) {
    const n = rngLP.chance(0.7) ? rngLP.int(0, 1) : 0
    for (let k = 0; k < n; k++) {
      const e = rngLP.pick(streamers)
      const status = rngLP.weighted({ [config.booking.used]: 0.78, [config.booking.cancelled]: 0.12, [config.booking.noShow]: 0.1 })
      bookings.push({
        bookingId: `ZB${day.replace(/-/g, "")}${String(++bookingSerial).padStart(4, "0")}`,
        creditCode: e.creditCode,
        name: e.name,
        bookedAt: at(addDays(day, -rngLP.int(1, 10)), 9 * 3600 + rngLP.int(0, 9 * 3600)),
        slotDate: day,
        hours: rngLP.pick([1, 1.5, 2, 2, 3]),
        status
      })
    }
  }
  bookingSerial = 0
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
