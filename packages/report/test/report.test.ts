import { describe, expect, it } from "@effect/vitest"
import { Effect, Either, Schema } from "effect"
import { Civil, Observation, Plan, ReferencePlan, Status } from "@govplan/model"
import { Format, MarkdownRenderer, Narrative, Numbering, Renderer, Report, Sanitize, SectionProvider } from "@govplan/report"
import * as fx from "./fixtures.js"

const metadata: Report.Metadata = { title: "测试街道2022年工作总结", office: "测试街道办事处", date: Civil.unsafeDate("2022-12-31") }

describe("Numbering", () => {
  it("writes the four levels", () => {
    expect([1, 2, 3, 4].map((l) => Numbering.label(l as Numbering.Level, 3))).toEqual(["三、", "（三）", "3.", "（3）"])
  })
  it("writes Chinese numerals", () => {
    expect([1, 9, 10, 11, 20, 21, 100, 105, 110].map(Numbering.chinese)).toEqual(["一", "九", "十", "十一", "二十", "二十一", "一百", "一百零五", "一百一十"])
  })
})

describe("Report", () => {
  it("numbers nested sections automatically, restarting under each parent", () => {
    const flat = Report.flatten([
      Report.section("甲", [Report.section("甲一", [Report.section("x", [Report.section("y", [])]), Report.section("x2", [])]), Report.section("甲二", [])]),
      Report.section("乙", [Report.section("乙一", [])])
    ])
    expect(flat.map((b) => (b._tag === "Heading" ? `${b.level}:${b.label}${b.title}` : b._tag))).toEqual([
      "1:一、甲", "2:（一）甲一", "3:1.x", "4:（1）y", "3:2.x2", "2:（二）甲二", "1:二、乙", "2:（一）乙一"
    ])
  })
  it.effect("rejects sections nested five deep", () =>
    Effect.gen(function*() {
      const deep = Report.section("1", [Report.section("2", [Report.section("3", [Report.section("4", [Report.section("5", [])])])])])
      const e = yield* Effect.flip(Report.validate({ metadata, blocks: [deep], attachments: [] }))
      expect(e.reason).toBe("InvalidReport")
      expect(e.message).toContain("at most 4 levels")
    }))
  it.effect("rejects a bad date with the path", () =>
    Effect.gen(function*() {
      const e = yield* Effect.flip(Report.validate({ metadata: { ...metadata, date: "2022-13-01" }, blocks: [], attachments: [] }))
      expect(e.message).toContain("date")
    }))
  it("formats 发文字号", () => {
    expect(Report.formatDocNumber({ prefix: "长街", year: 2022, serial: 5 })).toBe("长街〔2022〕5号")
  })
  it("formats 份号 zero-padded to 6 digits and 密级 with its 保密期限 after a ★", () => {
    expect([1, 42, 999999, "1", "0025", "000001"].map(Report.formatCopyNumber)).toEqual(["000001", "000042", "999999", "000001", "000025", "000001"])
    expect(Report.formatClassification({ level: "秘密", period: "1年" })).toBe("秘密★1年")
    expect(Report.formatClassification({ level: "绝密" })).toBe("绝密")
  })
  it.effect("accepts 份号 as a number or a string, 密级 with or without 保密期限, and 紧急程度", () =>
    Effect.gen(function*() {
      for (const copyNumber of [1, 999999, "1", "000001", "123456"]) {
        const r = yield* Report.validate({ metadata: { ...metadata, copyNumber }, blocks: [], attachments: [] })
        expect(r.metadata.copyNumber).toBe(copyNumber)
      }
      const r = yield* Report.validate({ metadata: { ...metadata, classification: { level: "机密", period: "6个月" }, urgency: "特急" }, blocks: [], attachments: [] })
      expect([r.metadata.classification, r.metadata.urgency]).toEqual([{ level: "机密", period: "6个月" }, "特急"])
      const plain = yield* Report.validate({ metadata: { ...metadata, classification: { level: "绝密" }, urgency: "加急" }, blocks: [], attachments: [] })
      expect(plain.metadata.classification).toEqual({ level: "绝密" })
    }))
  it.effect("rejects a bad 份号, 密级, 保密期限 or 紧急程度, naming the field and the value", () =>
    Effect.gen(function*() {
      const bad = (extra: Record<string, unknown>) => Effect.flip(Report.validate({ metadata: { ...metadata, ...extra }, blocks: [], attachments: [] }))
      const cases: ReadonlyArray<readonly [Record<string, unknown>, string, ReadonlyArray<string>]> = [
        [{ copyNumber: 1234567 }, "copyNumber", ["份号", "got 1234567"]],
        [{ copyNumber: "0000001" }, "copyNumber", ["份号", `got "0000001"`]],
        [{ copyNumber: "12a" }, "copyNumber", [`got "12a"`]],
        [{ copyNumber: 1.5 }, "copyNumber", ["got 1.5"]],
        [{ copyNumber: -3 }, "copyNumber", ["got -3"]],
        [{ copyNumber: 0 }, "copyNumber", ["got 0"]],
        [{ copyNumber: "000000" }, "copyNumber", [`got "000000"`]],
        [{ copyNumber: "" }, "copyNumber", [`got ""`]],
        [{ copyNumber: true }, "copyNumber", ["actual true"]],
        [{ classification: { level: "内部" } }, "level", [`actual "内部"`]],
        [{ classification: "秘密" }, "classification", [`actual "秘密"`]],
        [{ classification: { level: "秘密", period: "一年" } }, "period", ["保密期限", `got "一年"`]],
        [{ classification: { level: "秘密", period: "★1年" } }, "period", [`got "★1年"`]],
        [{ classification: { level: "秘密", period: " " } }, "period", [`got " "`]],
        [{ urgency: "平急" }, "urgency", [`actual "平急"`]]
      ]
      for (const [extra, field, texts] of cases) {
        const e = yield* bad(extra)
        expect(e.reason).toBe("InvalidReport")
        expect(e.message, JSON.stringify(extra)).toContain(`["${field}"]`)
        for (const t of texts) expect(e.message, JSON.stringify(extra)).toContain(t)
      }
    }))
  it("round-trips through JSON (a report is data)", () => {
    const r: Report.Report = { metadata, blocks: [Report.section("a", [Report.paragraph("b", "c"), Report.list(["x"], true)])], attachments: [{ title: "附表", blocks: [] }] }
    const back = Schema.decodeUnknownEither(Report.Report)(JSON.parse(JSON.stringify(r)))
    expect(Either.isRight(back) && back.right).toEqual(r)
  })
})

describe("Sanitize", () => {
  it("removes XML-invalid characters and keeps tab, newline and surrogate pairs", () => {
    expect(Sanitize.text("a\u0000b\u0008c\u000Bd\u001Fe\uFFFEf\uFFFF\tg\nh\ud83d\ude00i\ud800j\udc00k")).toBe("abcdef\tg\nh\ud83d\ude00ijk")
    expect(Sanitize.isClean("a\u0001")).toBe(false)
    expect(Sanitize.isClean("全年😀")).toBe(true)
  })

  it("sets half-width punctuation in Chinese text full-width, brackets as pairs, and leaves other text alone", () => {
    expect(Sanitize.chinesePunctuation("聚焦重点,深化基层党建全域提升")).toBe("聚焦重点，深化基层党建全域提升")
    expect(Sanitize.chinesePunctuation("三年行动计划(2020-2022年)的纲领,对照(1个办法)")).toBe("三年行动计划（2020-2022年）的纲领，对照（1个办法）")
    expect(Sanitize.chinesePunctuation("完成整改;继续推进:稳步上升?是!")).toBe("完成整改；继续推进：稳步上升？是！")
    expect(Sanitize.chinesePunctuation("1,234 and (a, b); x:y")).toBe("1,234 and (a, b); x:y")
    expect(Sanitize.chinesePunctuation("“1+4+4+4”(1个办法)")).toBe("“1+4+4+4”（1个办法）")
  })
})

describe("Narrative", () => {
  it("turns light Markdown into paragraphs, lists and lead phrases", () => {
    expect(Narrative.toBlocks("# 标题\n**加强党建。**全年\n召开会议。\n\n- 甲\n- 乙\n\n1. 一\n2. 二\n\n1.5万人次参与。")).toEqual([
      Report.paragraph("全年召开会议。", "加强党建。"),
      Report.list(["甲", "乙"], false),
      Report.list(["一", "二"], true),
      Report.paragraph("1.5万人次参与。")
    ])
  })
  it("sanitises narrative text", () => {
    expect(Narrative.toBlocks("全年\u0007完成")).toEqual([Report.paragraph("全年完成")])
  })
})

describe("Format", () => {
  const plan = fx.plan(1, 1, 4)
  const rs = fx.results(plan)
  it("formats targets and actuals", () => {
    expect(rs.map((r) => Format.target(r.indicator))).toEqual(["高比例签约", "不低于95%", "不少于12场", "2022年6月30日前"])
    expect(rs.map(Format.actual)).toEqual(["—", "91%", "8场", "2022年5月20日完成"])
    const noData = fx.results(fx.plan(2, 2, 3)).find((r) => r.assessment.status === "noData")!
    expect(Format.actual(noData)).toBe("暂无数据")
    expect(Format.achievement(noData)).toBeUndefined()
  })
  it("computes achievement against the target, undefined for no data", () => {
    expect(rs.map(Format.achievement)).toEqual([undefined, 0.91 / 0.95, 8 / 12, 1])
  })
})

describe("SectionProvider", () => {
  const plan = fx.plan(3, 2, 3)
  const results = fx.results(plan)
  const input: SectionProvider.Input = { plan, results, narrative: Narrative.fromRecord({ economy: "经济总体平稳。", "p2.s1": "**招商。**引进企业10家。", outlook: "明年继续努力。" }), asOf: Civil.unsafeDate("2022-12-31") }

  it.effect("builds an annual summary: opening, 一、工作成效 (a part per pillar), 二、存在的问题和不足, 三、下一步工作打算, and the indicator table as 附件", () =>
    Effect.gen(function*() {
      const report = yield* SectionProvider.build({ metadata, providers: SectionProvider.annualSummary(plan), attachments: SectionProvider.annualSummaryAttachments(), input })
      const flat = Report.flatten(report.blocks)
      const headings = flat.flatMap((b) => (b._tag === "Heading" ? [`${b.label}${b.title}`] : []))
      expect(headings).toEqual([
        "一、2022年工作成效",
        "（一）第1方面的标题，聚焦重点任务推进工作",
        "（二）第2方面的标题，聚焦重点任务推进工作",
        "（三）第3方面的标题，聚焦重点任务推进工作",
        "二、存在的问题和不足",
        "三、下一步工作打算"
      ])
      // the opening comes before the first heading; the body is text, the chart opens the 附件
      expect(report.blocks[0]!._tag).toBe("Paragraph")
      expect(flat.some((b) => b._tag === "Chart" || b._tag === "KpiTable")).toBe(false)
      expect(report.attachments[0]!.blocks[0]!._tag).toBe("Chart")
      const results = report.blocks.find((b) => b._tag === "Section") as Report.Section
      const economy = results.blocks[1] as Report.Section
      expect(economy.blocks[0]).toEqual(Report.paragraph("经济总体平稳。"))
      expect(economy.blocks).toContainEqual(Report.paragraph("引进企业10家。", "招商。"))
      // no table or chart in the body parts: the full table is the 附件
      expect(economy.blocks.every((b) => b._tag === "Paragraph")).toBe(true)
      expect(report.attachments).toHaveLength(1)
      expect(report.attachments[0]!.title).toBe("2022年工作计划指标完成情况")
      const rows = report.attachments[0]!.blocks.flatMap((b) => (b._tag === "KpiTable" ? b.rows : []))
      expect(rows).toHaveLength(input.results.length)
      const outlook = report.blocks.at(-1) as Report.Section
      expect(outlook.blocks).toEqual([Report.paragraph("明年继续努力。")])
    }))

  it.effect("writes each plan section as one paragraph: a bold lead sentence with the result, then value, target and gap, past tense; the measures are not restated", () =>
    Effect.gen(function*() {
      const [party] = yield* SectionProvider.pillar("party").provide({ ...input, narrative: Narrative.empty })
      const paragraphs = (party as Report.Section).blocks as ReadonlyArray<Report.Paragraph>
      expect(paragraphs.every((b) => b._tag === "Paragraph" && b.lead !== undefined)).toBe(true)
      // 1.1: qualitative, a rate on track and a count at risk, as of year end
      expect(paragraphs[0]).toEqual(Report.paragraph("指标1-1-2为91%，全年目标不低于95%，进度正常；指标1-1-3为8场，目标不少于12场，差4场。", "第1.1节工作，2项指标完成0项。"))
      expect(JSON.stringify(party)).not.toContain("一项措施")
    }))

  it.effect("states 同比 where last year's scorecard has a value, and none where it has not", () =>
    Effect.gen(function*() {
      const lastYear = results.map((r) =>
        r.indicator.id === "p1.s1.i2" ? { ...r, observation: new Observation.Observation({ ...r.observation, period: "2021", value: 0.885 }) } : { ...r, observation: new Observation.Observation({ ...r.observation, period: "2021", value: null }) }
      )
      const [party] = yield* SectionProvider.pillar("party").provide({ ...input, narrative: Narrative.empty, previous: lastYear })
      const text = ((party as Report.Section).blocks[0] as Report.Paragraph).text
      expect(text).toContain("指标1-1-2为91%，全年目标不低于95%，进度正常，同比上升2.5个百分点；")
      expect(text).not.toMatch(/指标1-1-3[^；]*同比/)
      // a count of zero last year is not compared with (it cannot be told from a ledger that did not exist)
      const count = results.find((r) => r.indicator.id === "p1.s1.i3")!
      expect(SectionProvider.hasYearOnYear({ ...count, observation: new Observation.Observation({ ...count.observation, value: 0 }) })).toBe(false)
      expect(SectionProvider.hasYearOnYear({ ...count, observation: new Observation.Observation({ ...count.observation, value: 3 }) })).toBe(true)
    }))

  it.effect("存在的问题 names the committees (居委) that lag most, worst first, and only those short of the target", () =>
    Effect.gen(function*() {
      // p1.s1.i4 … : find an off-track rate of the fixture and give it per-committee values
      const short = results.find((r) => r.assessment.status === "offTrack" && r.indicator.kind === "rate")!
      const committees = [
        { committee: "梅芳里", value: 0.451, numerator: 451, denominator: 1000 },
        { committee: "三官堂桥", value: 0.48, numerator: 48, denominator: 100 },
        { committee: "普陀二村", value: 0.7, numerator: 7, denominator: 10 },
        { committee: "大自鸣钟", value: 1, numerator: 10, denominator: 10 },
        { committee: "武宁路居委会", value: 0.9, numerator: 9, denominator: 10 },
        { committee: "宜昌路", value: null }
      ]
      const withCommittees = results.map((r) => (r === short ? { ...r, observation: new Observation.Observation({ ...r.observation, committees }) } : r))
      const [section] = yield* SectionProvider.problems().provide({ ...input, results: withCommittees })
      const text = Report.flatten([section!]).flatMap((b) => (b._tag === "Paragraph" ? [b.text] : [])).join("\n")
      const name = short.indicator.name
      expect(text).toMatch(new RegExp(`${name}为[^；。]*分居委看，5个居委中4个未达到目标，梅芳里居委（45\\.1%）、三官堂桥居委（48%）、普陀二村居委（70%）最低`))
      expect(text).not.toContain("大自鸣钟")
      expect(text).not.toContain("武宁路居委会居委")
      // a line without committees says nothing of them
      const [plain] = yield* SectionProvider.problems().provide(input)
      expect(Report.flatten([plain!]).some((b) => b._tag === "Paragraph" && b.text.includes("分居委看"))).toBe(false)
    }))

  it.effect("status words follow the period: 滞后 while the year runs, 未完成 once it is over", () =>
    Effect.gen(function*() {
      const behind = results.filter((r) => r.assessment.status === "offTrack" && r.indicator.target._tag === "Threshold")
      expect(behind.length).toBeGreaterThan(0)
      const words = (asOf: string) => behind.map((r) => SectionProvider.row(r, Civil.unsafeDate(asOf)).statusWord)
      expect(new Set(words("2022-06-30"))).toEqual(new Set(["滞后"]))
      expect(new Set(words("2022-12-31"))).toEqual(new Set(["未完成"]))
      const late = results.find((r) => r.indicator.kind === "milestone" && r.assessment.status === "offTrack")!
      expect(Format.statusWord(late, Civil.unsafeDate("2022-12-31"))).toBe("逾期完成")
    }))

  it.effect("golden text: no ISO dates or ranges, no ASCII .., no comparator signs, no machine words, quotes single", () =>
    Effect.gen(function*() {
      const report = yield* SectionProvider.build({ metadata, providers: SectionProvider.annualSummary(plan), attachments: SectionProvider.annualSummaryAttachments(), input: { ...input, narrative: Narrative.empty } })
      const md = MarkdownRenderer.toMarkdown(report)
      expect(md).not.toMatch(/\d{4}-\d{2}(-\d{2})?/)
      expect(md).not.toContain("..")
      expect(md).not.toMatch(/[≥≤<>]/)
      expect(md).not.toMatch(/未绑定|分子|分母|KPI/)
      expect(md).not.toMatch(/““|””/)
      expect(md).toContain(SectionProvider.OUTLOOK_PLACEHOLDER)
    }))

  it("writes baselines and targets in words with their values", () => {
    const base = Plan.indicators(ReferencePlan.changshouRoad2022).map((l) => l.indicator)
    const satisfaction = base.find((i) => i.id === "urban.hotline.satisfaction-rate")!
    expect(Format.target(new Plan.Indicator({ ...satisfaction, baseline: { ...satisfaction.baseline, value: 0.602 } }))).toBe("高于2022年1—5月平均水平（60.2%）")
    const visits = base.find((i) => i.id === "economy.enterprise-visits.frequency")!
    expect(Format.target(new Plan.Indicator({ ...visits, baseline: { ...visits.baseline, value: 1.42 } }))).toBe("高于2021年（1.42次/家）")
    expect(Format.target(visits)).toBe("高于2021年水平")
    expect(Format.periodWords("2022-01")).toBe("2022年1月")
    expect(Format.periodWords("2022-03-01..2022-03-20")).toBe("2022年3月1日至2022年3月19日")
    expect(Sanitize.chinesePunctuation("深入贯彻““十四五””,强化党建引领")).toBe("深入贯彻“十四五”，强化党建引领")
  })

  it.effect("never prints a value 低于 or 高于 a baseline that prints alike: one more decimal, or 基本持平", () =>
    Effect.gen(function*() {
      const plan = ReferencePlan.changshouRoad2022
      const line = Plan.indicators(plan).find((l) => l.indicator.id === "urban.hotline.satisfaction-rate")!
      const text = (value: number, baseline: number) =>
        Effect.map(
          SectionProvider.pillar("urban").provide({
            plan,
            narrative: Narrative.empty,
            asOf: Civil.unsafeDate("2022-06-30"),
            results: [{
              pillar: line.pillar.number,
              sectionId: line.section.id,
              indicator: new Plan.Indicator({ ...line.indicator, baseline: { ...line.indicator.baseline, value: baseline } }),
              observation: new Observation.Observation({ indicatorId: line.indicator.id, period: "2022", value, asOf: Civil.unsafeDate("2022-06-30") }),
              assessment: new Status.Assessment({ indicatorId: line.indicator.id, status: "atRisk", reason: "测试", strategy: "threshold", asOf: Civil.unsafeDate("2022-06-30") })
            }]
          }),
          (blocks) => JSON.stringify(blocks)
        )
      // 83.14% against 83.15%: both print 83.1% at one decimal
      const close = yield* text(0.83142, 0.83148)
      expect(close).toContain("满意率为83.14%，低于2022年1—5月平均水平（83.15%）")
      expect(close).not.toMatch(/83\.1%/)
      // still alike at two decimals: 基本持平, never 低于
      const same = yield* text(0.831421, 0.831424)
      expect(same).toContain("满意率为83.14%，与2022年1—5月平均水平（83.14%）基本持平")
      expect(same).not.toMatch(/[高低]于2022年1—5月/)
      // the extra decimal keeps its zero: 83.10% against 83.15%, not 83.1% against 83.15%
      expect(yield* text(0.83098, 0.83148)).toContain("满意率为83.10%，低于2022年1—5月平均水平（83.15%）")
      // apart at one decimal: one decimal, as before
      expect(yield* text(0.825, 0.8315)).toContain("满意率为82.5%，低于2022年1—5月平均水平（83.2%）")
    }))

  it.effect("fails with a readable error for an unknown pillar", () =>
    Effect.gen(function*() {
      const e = yield* Effect.flip(SectionProvider.pillar("space").provide(input))
      expect(e.message).toContain(`has no pillar "space"`)
    }))

  it.effect("a third party adds a provider and a renderer without forking", () =>
    Effect.gen(function*() {
      const honours: SectionProvider.SectionProvider<never> = {
        id: "honours",
        provide: ({ plan }) => Effect.succeed([Report.section("荣誉", [Report.list([`${plan.office}获评文明街道`])])])
      }
      const report = yield* SectionProvider.build({ metadata, providers: [SectionProvider.pillar("party"), honours], input })
      const plain: Renderer.Renderer<string, never> = {
        name: "plain",
        mediaType: "text/plain",
        extension: "txt",
        render: (r) => Effect.succeed(Report.flatten(r.blocks).flatMap((b) => (b._tag === "Heading" ? [b.label + b.title] : [])).join("\n"))
      }
      const text = yield* plain.render(report)
      expect(text.split("\n").filter((l) => /^[一二]、/.test(l))).toEqual(["一、第1方面的标题，聚焦重点任务推进工作", "二、荣誉"])
      const bytes = yield* Renderer.renderBytes(plain, report)
      expect(new TextDecoder().decode(bytes)).toBe(text)
    }))

  it.effect("rejects two providers with the same id", () =>
    Effect.gen(function*() {
      const e = yield* Effect.flip(SectionProvider.build({ metadata, providers: [SectionProvider.pillar("party"), SectionProvider.pillar("party")], input }))
      expect(e.message).toContain("share the id")
    }))
})

describe("MarkdownRenderer", () => {
  it("renders metadata, numbered headings, tables, charts, attachments and 版记", () => {
    const md = MarkdownRenderer.toMarkdown({
      metadata: { ...metadata, title: "总结\u0001", docNumber: { prefix: "长街", year: 2022, serial: 5 }, recipients: "区政府", copyTo: ["区委办", "区府办"], printing: { office: "测试街道党政办公室", date: Civil.unsafeDate("2022-12-31") } },
      blocks: [
        Report.section("总体", [Report.paragraph("正文|", "引领。"), Report.kpiTable([{ indicator: "先行联系率", target: "≥95%", actual: "98%", status: "achieved", numerator: 196, denominator: 200 }], "表"), Report.chart("图", { mark: "bar", categoryTitle: "指标", valueTitle: "完成", valueFormat: "percent" }, [{ category: "甲", value: 0.5 }])])
      ],
      attachments: [{ title: "指标明细", blocks: [Report.paragraph("附件正文")] }]
    })
    expect(md).toContain("长街〔2022〕5号")
    expect(md).toContain("# 总结\n")
    expect(md).toContain("区政府：")
    expect(md).toContain("## 一、总体")
    expect(md).toContain("**引领。**正文|")
    expect(md).toContain("| 先行联系率 | ≥95% | 98% | 已完成 |")
    expect(md).not.toContain("分子/分母")
    expect(md).toContain("| 甲 | 50% |")
    expect(md).toContain("附件：指标明细")
    expect(md).toContain("2022年12月31日")
    expect(md).toContain("抄送：区委办，区府办。")
    expect(md).toContain("测试街道党政办公室　　2022年12月31日印发")
    expect(Sanitize.isClean(md)).toBe(true)
  })

  it("prints 份号, 密级和保密期限 and 紧急程度 first, in that order, only when given", () => {
    const report: Report.Report = { metadata: { ...metadata, issuerMark: "测试街道办事处文件" }, blocks: [], attachments: [] }
    const md = MarkdownRenderer.toMarkdown({ ...report, metadata: { ...report.metadata, copyNumber: 7, classification: { level: "秘密", period: "1年" }, urgency: "特急" } })
    expect(md.startsWith("000007\n\n秘密★1年\n\n特急\n\n**测试街道办事处文件**\n")).toBe(true)
    expect(MarkdownRenderer.toMarkdown(report).startsWith("**测试街道办事处文件**\n")).toBe(true)
  })
})
