/**
 * Codes and thresholds of the economy pillar (districts differ).
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export interface EconomyConfig {
  /** Tax thresholds in CNY over the four quarters before: key ≥ `key`, quality ≥ `quality`. */
  readonly thresholds: { readonly key: number; readonly quality: number }
  readonly tiers: { readonly key: string; readonly quality: string; readonly general: string }
  /** 落地状态 code of an enterprise registered here but operating elsewhere. */
  readonly notLanded: string
  /** 活动类型 of the brand salon. */
  readonly salon: string
  /** 预约状态 codes. */
  readonly booking: { readonly used: string; readonly cancelled: string; readonly noShow: string }
}

/**
 * The plan's thresholds: 税收500万以上的重点企业、税收60万元以上的优质存量企业.
 *
 * @since 0.1.0
 */
export const defaultConfig: EconomyConfig = {
  thresholds: { key: 5_000_000, quality: 600_000 },
  tiers: { key: "重点企业", quality: "优质企业", general: "一般企业" },
  notLanded: "未落地",
  salon: "苏河之冠品牌沙龙",
  booking: { used: "已使用", cancelled: "已取消", noShow: "爽约" }
}

/**
 * The tier a tax amount gives.
 *
 * @since 0.1.0
 */
export const tierOf = (tax: number, config: EconomyConfig = defaultConfig): string =>
  tax >= config.thresholds.key ? config.tiers.key : tax >= config.thresholds.quality ? config.tiers.quality : config.tiers.general
