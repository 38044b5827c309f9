/**
 * Record types: the operational records a pillar consumes (a 12345 order, an
 * enterprise visit, a lecture held), as Effect Schemas whose fields carry the
 * Chinese header real exports use and the SQL type of their column.
 *
 * @since 0.1.0
 */
export * as Records from "./Records.js"

/**
 * The shape every pillar module exports, and the binding of a KPI to a plan indicator.
 *
 * @since 0.1.0
 */
export * as Pillar from "./Pillar.js"

/**
 * The registry of pillars: every pillar module the generator and the scorecard use by default.
 *
 * @since 0.1.0
 */
export * as Pillars from "./Pillars.js"

/**
 * A small deterministic pseudo-random number generator (mulberry32) for the
 * seed-data generator: the same seed gives the same data on every machine and
 * every Node version, which `Math.random` cannot promise.
 *
 * @since 0.1.0
 */
export * as Prng from "./Prng.js"

/**
 * Reference data the pillars share: the subdistrict's residential committees
 * (居民区) and the enterprise base list. The committee names are those of 长寿路
 * street's neighbourhoods and estates (梅芳里 is named in the plan); they are
 * illustrative of a real register, not an official list.
 *
 * @since 0.1.0
 */
export * as Reference from "./Reference.js"

/**
 * The deterministic seed-data generator: a year of operational records for every pillar of one
 * subdistrict, written as CSV files (Chinese export headers) and one SQLite database.
 *
 * @since 0.1.0
 */
export * as Generator from "./Generator.js"

/**
 * The scorecard: every indicator of a plan with what the records say and how it stands.
 *
 * @since 0.1.0
 */
export * as Scorecard from "./Scorecard.js"

/**
 * 党建 — party building: 四史学习 participation, 廉政月月讲 per residential committee per month,
 * union formation among enterprises with 25+ staff, 两病 screening coverage, the “红色引擎换挡工程”
 * three-year summary.
 * Importable alone as `@govplan/pillars/party`. Formula sheet: `README.md` beside this file.
 *
 * @since 0.1.0
 */
export * as Party from "./party/index.js"

/**
 * 疫情防控与安商稳商 — business services: enterprise tiers by tax, visits per enterprise per quarter
 * by tier and tier coverage, 未落地企业 conversions, salons and shared live-stream room bookings.
 * Importable alone as `@govplan/pillars/economy`. Formula sheet: `README.md` beside this file.
 *
 * @since 0.1.0
 */
export * as Economy from "./economy/index.js"

/**
 * 城区 — urban management: the 12345 hotline set, construction milestones, 日产日清 waste
 * clearance, renovation signing, monitoring-device usage and e-licence retrieval.
 * Importable alone as `@govplan/pillars/urban`. Formula sheet: `README.md` beside this file.
 *
 * @since 0.1.0
 */
export * as Urban from "./urban/index.js"

/**
 * 社区治理 — community governance: owners' committees formed and re-elected, self-governance
 * projects, certified social workers and the public-benefit venture fair.
 * Importable alone as `@govplan/pillars/governance`. Formula sheet: `README.md` beside this file.
 *
 * @since 0.1.0
 */
export * as Governance from "./governance/index.js"

/**
 * 民生 — livelihood: expropriation signing per parcel and the close-outs, employment assistance,
 * social assistance online, elderly meals and the time bank.
 * Importable alone as `@govplan/pillars/livelihood`. Formula sheet: `README.md` beside this file.
 *
 * @since 0.1.0
 */
export * as Livelihood from "./livelihood/index.js"

/**
 * 社区事业 — community affairs (culture, education, sports, civilisation): the 非遗在社区 events,
 * science outreach, sports equipment, the minors' protection station and the civilisation-creation
 * assessment. Importable alone as `@govplan/pillars/culture`. Formula sheet: `README.md` beside
 * this file.
 *
 * @since 0.1.0
 */
export * as Culture from "./culture/index.js"

/**
 * 平安 — safety: responsibility letters, "六小" pledges, hazard rectification, drills, the work-safety
 * conference, petitions (参评率, 满意率, 初信初访就地解决), Thursday receptions and monthly dispute
 * reviews. Importable alone as `@govplan/pillars/safety`. Formula sheet: `README.md` beside this file.
 *
 * @since 0.1.0
 */
export * as Safety from "./safety/index.js"
