/**
 * Sentences of a 工作总结 written from scorecard lines: results first, past
 * tense, with the figures (value, target, 同比). Internal to the section
 * providers.
 */
import { Civil, type Plan, type Status } from "@govplan/model"
import * as Format from "../Format.js"
import * as Sanitize from "../Sanitize.js"

const isPercent = (indicator: Plan.Indicator): boolean => indicator.kind === "rate" || indicator.unit === "%"

/** Plan text as a report prints it: one line, full-width punctuation, single quotation marks. */
export const planText = (s: string): string => Sanitize.chinesePunctuation(Sanitize.line(s))

/** A difference in the indicator's terms: "2.1个百分点", "12家", "0.3次/家". */
export const difference = (indicator: Plan.Indicator, delta: number): string =>
  isPercent(indicator) ? `${Format.number(Math.abs(delta) * 100, 1)}个百分点` : `${Format.number(Math.abs(delta))}${indicator.unit}`

/** The reporting span in words. */
export interface Span {
  /** "全年", "上半年", "截至9月30日". */
  readonly span: string
  /** "2022年", "2022年上半年". */
  readonly title: string
  /** "2023年", "下半年", "下一步". */
  readonly next: string
  /** Whether the year is over. */
  readonly yearEnded: boolean
}

export const spanOf = (year: number, asOf: Civil.CivilDate): Span => {
  if (asOf >= `${year}-12-31`) return { span: "全年", title: `${year}年`, next: `${year + 1}年`, yearEnded: true }
  if (asOf === `${year}-06-30`) return { span: "上半年", title: `${year}年上半年`, next: "下半年", yearEnded: false }
  const { day, month } = Civil.parts(asOf)
  return { span: `截至${month}月${day}日`, title: `${year}年1—${month}月`, next: "下一步", yearEnded: false }
}

const scored = (s: Status.Status): boolean => s !== "noData" && s !== "notAssessed"

/**
 * Whether last year's line can be compared with: a value, not a milestone or a qualitative target, and
 * not a sum of zero (a count of nothing last year cannot be told from a ledger that did not exist then).
 */
export const comparable = (previous: Status.IndicatorResult): boolean => {
  const p = previous.observation.value
  const i = previous.indicator
  return p !== null && i.kind !== "milestone" && i.kind !== "qualitative" && i.target._tag !== "Deadline" && i.target._tag !== "Qualitative" && !(p === 0 && i.aggregation === "sum")
}

/**
 * 同比: "同比上升2.1个百分点" (rates, in percentage points), "同比增加12家（增长20%）" (counts and
 * other values, with the change in per cent), "与上年同期持平" (no change at the printed precision);
 * undefined without a comparable value last year.
 */
export const yearOnYear = (r: Status.IndicatorResult, previous: Status.IndicatorResult | undefined): string | undefined => {
  const v = r.observation.value
  if (previous === undefined || v === null || !comparable(previous)) return undefined
  const p = previous.observation.value!
  const delta = v - p
  const up = delta > 0
  const percent = isPercent(r.indicator)
  // a change that prints as 0 (0.02 个百分点, 0.001次/家) is no change to the reader
  if (Math.abs(delta) < 1e-9 || Number(percent ? Format.number(Math.abs(delta) * 100, 1) : Format.number(Math.abs(delta))) === 0) return "与上年同期持平"
  const verb = percent ? (up ? "上升" : "下降") : up ? "增加" : "减少"
  const growth = !percent && p > 0 ? `（${up ? "增长" : "下降"}${Format.percent(Math.abs(delta) / p)}）` : ""
  return `同比${verb}${difference(r.indicator, delta)}${growth}`
}

const baselineIsLastYear = (r: Status.IndicatorResult, year: number): boolean => r.indicator.baseline?.period === String(year - 1)

/**
 * One past-tense sentence (without the final 。) on a scorecard line, or
 * undefined when there is nothing to report (no data, a qualitative target
 * without a value).
 */
export const sentence = (r: Status.IndicatorResult, asOf: Civil.CivilDate, year: number, previous?: Status.IndicatorResult): string | undefined => {
  const name = planText(r.indicator.name)
  const o = r.observation
  const t = r.indicator.target
  if (t._tag === "Deadline") {
    const by = Civil.formatChinese(t.by)
    if (o.achievedOn !== undefined) return o.achievedOn <= t.by ? `${name}于${Civil.formatChinese(o.achievedOn)}完成` : `${name}于${Civil.formatChinese(o.achievedOn)}完成，晚于${by}的期限`
    if (o.value === null) return undefined
    return asOf >= t.by ? `${name}截至${Civil.formatChinese(asOf)}尚未完成（期限为${by}）` : `${name}正在推进，计划${by}前完成`
  }
  if (o.value === null) return undefined
  if (r.indicator.kind === "qualitative" || t._tag === "Qualitative") return `${name}为${Format.value(r.indicator, o.value)}`
  const base = t._tag === "Relative" ? r.indicator.baseline?.value : undefined
  // a value and a baseline that differ but print alike (83.1% 低于 83.1%) get one more decimal each
  const extra = base !== undefined && Math.abs(o.value - base) > 1e-9 && Format.value(r.indicator, o.value) === Format.value(r.indicator, base) ? 1 : 0
  const v = Format.value(r.indicator, o.value, extra)
  const parts = [`${name}为${v}`]
  const status = r.assessment.status
  if (t._tag === "Threshold") {
    const target = Format.target(r.indicator)
    const yearEnded = asOf >= `${year}-12-31`
    if (status === "achieved") parts.push(`完成${yearEnded ? "" : "全年"}目标（${target}）`)
    else if (status === "onTrack") parts.push(`全年目标${target}，进度正常`)
    else parts.push(`${yearEnded ? "" : "全年"}目标${target}，差${difference(r.indicator, t.value - o.value)}`)
  } else {
    const words = Format.baselineWords(r.indicator, extra)
    if (base === undefined) parts.push(`目标高于${words}`)
    else if (Math.abs(o.value - base) <= 1e-9) parts.push(`持平于${words}`)
    // still alike with the extra decimal: not worth a 高于 / 低于
    else if (v === Format.value(r.indicator, base, extra)) parts.push(`与${words}基本持平`)
    else parts.push(`${o.value > base ? "高于" : "低于"}${words}`)
  }
  const yoy = t._tag === "Relative" && baselineIsLastYear(r, year) ? undefined : yearOnYear(r, previous)
  if (yoy !== undefined) parts.push(yoy)
  return parts.join("，")
}

/**
 * The bold lead sentence of a plan section's paragraph: the section's task and
 * how its indicators came out ("加强党风廉政建设，2项指标全部完成。").
 */
export const lead = (title: string, results: ReadonlyArray<Status.IndicatorResult>, asOf: Civil.CivilDate): string => {
  const judged = results.filter((r) => scored(r.assessment.status))
  const head = planText(title).replace(/[。；，]$/, "")
  const n = judged.length
  if (n === 0) return `${head}。`
  const done = judged.filter((r) => r.assessment.status === "achieved").length
  const normal = judged.filter((r) => r.assessment.status === "onTrack").length
  const what = n === 1 ? "目标" : `${n}项指标`
  if (done === n) return `${head}，${n === 1 ? "目标已完成" : `${what}全部完成`}。`
  if (done + normal === n) return done === 0 ? `${head}，${what}进度正常。` : `${head}，${what}完成${done}项、其余进度正常。`
  if (done === 0 && normal === 0) {
    const word = Format.statusWord(judged[0]!, asOf)
    return `${head}，${what}${n === 1 ? word : judged.every((r) => Format.statusWord(r, asOf) === word) ? `均${word}` : "未能如期完成"}。`
  }
  return `${head}，${what}完成${done}项。`
}

/** The months of a monthly indicator that lag most: "其中3月（95.1%）、4月（96%）最低". */
export const laggingMonths = (r: Status.IndicatorResult, year: number, count = 2): string | undefined => {
  const parts = (r.observation.parts ?? []).filter((p): p is typeof p & { value: number } => p.value !== null && /^\d{4}-\d{2}$/.test(p.period))
  if (parts.length < 3) return undefined
  const lower = r.indicator.direction._tag === "LowerIsBetter"
  const worst = [...parts].sort((a, b) => (lower ? b.value - a.value : a.value - b.value)).slice(0, count).sort((a, b) => a.period.localeCompare(b.period))
  const label = (p: string) => Format.periodWords(p).replace(new RegExp(`^${year}年`), "")
  return `其中${worst.map((p) => `${label(p.period)}（${Format.value(r.indicator, p.value)}）`).join("、")}${lower ? "最高" : "最低"}`
}

/** A committee's name as a summary prints it: "梅芳里居委"; a name that already says what it is stays. */
const committeeName = (name: string): string => (/(居委会?|居民区|社区)$/.test(name) ? name : `${name}居委`)

/**
 * The committees (居委) of a rate that lag most: "分居委看，梅芳里居委（85.1%）、三官堂桥居委（88%）最低",
 * the `count` worst of those on the wrong side of the target, in order from the worst; undefined
 * when the line has no per-committee values or none falls short.
 */
export const laggingCommittees = (r: Status.IndicatorResult, count = 3): string | undefined => {
  const lower = r.indicator.direction._tag === "LowerIsBetter"
  const t = r.indicator.target
  const bar = t._tag === "Threshold" ? t.value : r.observation.value
  if (bar === null) return undefined
  const short = (r.observation.committees ?? [])
    .filter((c): c is typeof c & { value: number } => c.value !== null && (lower ? c.value > bar + 1e-9 : c.value < bar - 1e-9))
    .sort((a, b) => (lower ? b.value - a.value : a.value - b.value) || (a.committee < b.committee ? -1 : 1))
  if (short.length === 0) return undefined
  const worst = short.slice(0, count).map((c) => `${committeeName(Sanitize.line(c.committee))}（${Format.value(r.indicator, c.value)}）`)
  const of = (r.observation.committees ?? []).filter((c) => c.value !== null).length
  const goal = t._tag === "Threshold" ? "目标" : "街道平均水平"
  const how = short.length === of ? `${of}个居委均未达到${goal}` : `${of}个居委中${short.length}个未达到${goal}`
  return `分居委看，${how}，${worst.join("、")}${lower ? "最高" : "最低"}`
}
