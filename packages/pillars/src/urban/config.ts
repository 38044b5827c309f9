/**
 * The codes, weights and limits of the urban pillar. Districts differ: pass your own
 * {@link UrbanConfig} to `Urban.makeKpis` and `Urban.dueAt`.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export interface HotlineConfig {
  /** 先行联系 codes: contacted first, not contacted first; any other value (未评价) is not evaluated. */
  readonly firstContact: { readonly yes: string; readonly no: string }
  /** 办理结果 codes counted by 实际解决率. */
  readonly closure: { readonly resolved: string; readonly explained: string }
  /** 核查结果 code of an order verified as not factual. */
  readonly notFactual: string
  /** 满意度 weights of the weighted 满意率; a rating not listed is "not rated". */
  readonly ratingWeights: Readonly<Record<string, number>>
  /** Ratings counted as satisfied by the plain share. */
  readonly satisfied: ReadonlyArray<string>
  /** Time limits in working days per 诉求类型; a category not listed gets `defaultLimit`. */
  readonly limits: Readonly<Record<string, number>>
  readonly defaultLimit: number
  /** The limit of an approved complex matter (疑难件), and the code marking one. */
  readonly complexLimit: number
  readonly complexYes: string
}

/**
 * @since 0.1.0
 */
export interface UrbanConfig {
  readonly hotline: HotlineConfig
  /** The 是 code of yes/no columns (当日清运, 是否使用, 涉及电子证照, 是否调用). */
  readonly yes: string
}

/**
 * Shanghai practice (the codes of the 12345 platform export).
 *
 * @since 0.1.0
 */
export const defaultConfig: UrbanConfig = {
  hotline: {
    firstContact: { yes: "是", no: "否" },
    closure: { resolved: "实际解决", explained: "解释说明" },
    notFactual: "不属实",
    ratingWeights: { 满意: 1, 基本满意: 0.8, 一般: 0.6, 不满意: 0 },
    satisfied: ["满意", "基本满意"],
    limits: { 咨询: 1, 建议: 1, 求助: 5, 投诉: 5 },
    defaultLimit: 5,
    complexLimit: 15,
    complexYes: "是"
  },
  yes: "是"
}
