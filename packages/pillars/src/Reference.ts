/**
 * Reference data the pillars share: the subdistrict's residential committees
 * (居民区) and the enterprise base list. The committee names are those of 长寿路
 * street's neighbourhoods and estates (梅芳里 is named in the plan); they are
 * illustrative of a real register, not an official list.
 *
 * @since 0.1.0
 */
import type { Prng } from "./Prng.js"

/**
 * A residential committee (居民委员会).
 *
 * @since 0.1.0
 */
export interface Committee {
  /** Code: `CSL01` … */
  readonly code: string
  /** Name without the suffix: `梅芳里` (the committee is 梅芳里居委会). */
  readonly name: string
  /** Households (户), which scales the volume of records it produces. */
  readonly households: number
}

const NAMES = [
  "梅芳里", "普陀一村", "普陀二村", "大洋里", "长寿新村", "西康路", "武宁路", "昌化路", "胶州路", "叶家宅",
  "燕宁苑", "上青佳园", "永定新村", "澳门路", "金城里", "合利坊", "锦绣里", "新湖明珠城", "天安千树", "鸿寿坊",
  "莫干山路", "安远路", "常德路", "宜昌路", "海防路", "三官堂桥", "谈家桥", "大自鸣钟", "曹家渡", "玉佛寺"
] as const

/**
 * The 30 residential committees, with fixed household counts (deterministic, seed-independent).
 *
 * @since 0.1.0
 */
export const committees: ReadonlyArray<Committee> = NAMES.map((name, i) => ({
  code: `CSL${String(i + 1).padStart(2, "0")}`,
  name,
  households: 1200 + ((i * 7919) % 23) * 110
}))

/**
 * An enterprise of the base list (registered in the subdistrict).
 *
 * @since 0.1.0
 */
export interface Enterprise {
  /** 统一社会信用代码 (18 characters). */
  readonly creditCode: string
  readonly name: string
  /** The committee area it sits in. */
  readonly committee: string
  /** Staff at the start of the year. */
  readonly staff: number
  /** Annual tax paid in the subdistrict in 2021, CNY. */
  readonly tax2021: number
  /** 已落地 (operating here) or 未落地 (registered here, operating elsewhere). */
  readonly landed: boolean
  /** Date registered in the subdistrict. */
  readonly registeredOn: string
  /** Industry. */
  readonly industry: string
}

const PREFIX = ["申", "沪", "苏河", "长寿", "江宁", "开伦", "华东", "东方", "海纳", "启明", "恒通", "瑞丰", "嘉禾", "鼎盛", "中航", "普华", "星河", "远景", "博雅", "汇智"]
const CORE = ["科技", "信息", "文化传媒", "商务咨询", "建筑设计", "贸易", "投资管理", "网络科技", "医疗器械", "教育科技", "物业管理", "餐饮管理", "广告", "数据服务", "供应链管理"]
const INDUSTRY: Record<string, string> = {
  科技: "信息技术", 信息: "信息技术", 网络科技: "信息技术", 数据服务: "信息技术", 文化传媒: "文化创意", 广告: "文化创意",
  商务咨询: "商务服务", 投资管理: "金融服务", 建筑设计: "专业技术服务", 贸易: "批发零售", 供应链管理: "批发零售",
  医疗器械: "医药健康", 教育科技: "教育", 物业管理: "房地产服务", 餐饮管理: "住宿餐饮"
}
const CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"

/**
 * The enterprise base list: `count` enterprises drawn from `rng` (tax is heavy-tailed: a few dozen
 * pay 5,000,000 CNY or more, around a hundred 600,000 or more).
 *
 * @since 0.1.0
 */
export const enterprises = (rng: Prng, count = 640): ReadonlyArray<Enterprise> => {
  const out: Array<Enterprise> = []
  const names = new Set<string>()
  for (let i = 0; i < count; i++) {
    let name: string
    do {
      const core = rng.pick(CORE)
      name = `上海${rng.pick(PREFIX)}${core}有限公司`
      if (names.has(name)) name = `上海${rng.pick(PREFIX)}${rng.pick(PREFIX)}${core}有限公司`
    } while (names.has(name))
    names.add(name)
    const core = CORE.find((c) => name.includes(c)) ?? "科技"
    let code = "91310107"
    for (let k = 0; k < 10; k++) code += CODE_CHARS[rng.int(0, CODE_CHARS.length - 1)]
    // log-normal-ish tax: median ~90k CNY, long tail into tens of millions
    const tax = Math.round(Math.exp(rng.normal(11.4, 2.1)) / 100) * 100
    const staff = Math.max(1, Math.round(Math.exp(rng.normal(2.6, 1.3))))
    const year = rng.int(2003, 2021)
    out.push({
      creditCode: code,
      name,
      committee: rng.pick(committees).name,
      staff,
      tax2021: tax,
      landed: rng.chance(0.86),
      registeredOn: `${year}-${String(rng.int(1, 12)).padStart(2, "0")}-${String(rng.int(1, 28)).padStart(2, "0")}`,
      industry: INDUSTRY[core] ?? "其他"
    })
  }
  return out
}
