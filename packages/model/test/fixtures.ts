/**
 * A small but complete plan used by the tests: three pillars, so paths such as
 * `pillars[2].sections[0].indicators[3].target` exist.
 */
export const indicatorJson = (id: string, overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  id,
  name: "先行联系率",
  gloss: "first-contact rate",
  kind: "rate",
  unit: "%",
  direction: { _tag: "HigherIsBetter" },
  target: { _tag: "Threshold", comparator: ">=", value: 1 },
  aggregation: "meanOfPeriods",
  grain: "month",
  dataSource: "12345市民服务热线工单",
  quote: "先行联系率、办结率、按时结案率每月平均达到100%",
  ...overrides
})

export const planJson = (): Record<string, any> => ({
  id: "changshou-2022",
  title: "普陀区长寿路街道2022年工作计划",
  office: "长寿路街道",
  district: "上海市普陀区",
  year: 2022,
  published: "2022-03-01",
  source: { publisher: "上海普陀" },
  pillars: [
    {
      number: 1,
      key: "party",
      title: "聚焦重点,深化基层党建全域提升",
      shortName: "党建",
      gloss: "Party building",
      sections: [{ id: "p1.s1", title: "加强党风廉政建设", measures: [{ id: "p1.s1.m1", text: "落实全面从严治党主体责任" }], indicators: [] }]
    },
    {
      number: 2,
      key: "economy",
      title: "聚焦发展,推动经济高质量发展",
      shortName: "经济",
      gloss: "Economy",
      sections: [{ id: "p2.s1", title: "优化营商环境", measures: [], indicators: [] }]
    },
    {
      number: 3,
      key: "governance",
      title: "聚焦治理,提升基层治理效能",
      shortName: "治理",
      gloss: "Governance",
      sections: [
        {
          id: "p3.s1",
          title: "做好12345热线工作",
          measures: [{ id: "p3.s1.m1", text: "提高热线工单办理质量", responsibleUnit: "网格化中心", deadline: "2022-12-31" }],
          indicators: [
            indicatorJson("p3.hotline.first-contact", { measureId: "p3.s1.m1" }),
            indicatorJson("p3.hotline.closed", { name: "办结率", gloss: "closure rate" }),
            indicatorJson("p3.hotline.on-time", { name: "按时结案率", gloss: "on-time closure rate" }),
            indicatorJson("p3.hotline.untrue", {
              name: "不属实率",
              gloss: "unfounded-complaint rate",
              direction: { _tag: "LowerIsBetter" },
              target: { _tag: "Threshold", comparator: "<", value: 0.3 },
              quote: "不属实率低于30%"
            })
          ]
        }
      ]
    }
  ]
})
