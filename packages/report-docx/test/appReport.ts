/**
 * The app-like report of the render test and the XML tests: 7 pillars of 3
 * sections with 4 indicators each, narrative long enough to fill many pages,
 * the indicator 附件 (chart and tables), and the metadata of both layouts (and the 版头's optional
 * 份号, 密级 and 紧急程度, to add to it).
 */
import { Effect } from "effect"
import { Civil } from "@govplan/model"
import { Narrative, type Report, SectionProvider } from "@govplan/report"
import * as fx from "../../report/test/fixtures.js"

export const metadata: Report.Metadata = {
  title: "测试街道2022年工作总结",
  office: "测试街道办事处",
  date: Civil.unsafeDate("2022-12-31"),
  byline: "测试街道办事处　2022年12月31日",
  issuerMark: "测试街道办事处文件",
  docNumber: { prefix: "长街", year: 2022, serial: 5 },
  recipients: "区人民政府",
  copyTo: ["区委办公室", "区政府办公室"],
  printing: { office: "测试街道党政办公室", date: Civil.unsafeDate("2022-12-31") }
}

/** The optional first lines of a 文件's 版头: 份号 "000001", 密级和保密期限 "秘密★1年", 紧急程度 "特急". */
export const head = { copyNumber: 1, classification: { level: "秘密", period: "1年" }, urgency: "特急" } as const satisfies Partial<Report.Metadata>

export const appReport = (options: { readonly paragraphs?: number; readonly chars?: number; readonly charts?: boolean } = {}): Report.Report => {
  const plan = fx.plan(7, 3, 4)
  const results = fx.results(plan)
  const record: Record<string, string> = { overview: fx.prose(600, 1), outlook: [fx.prose(500, 2), "- 深化党建引领\n- 推进城市更新\n- 办好民生实事"].join("\n\n") }
  plan.pillars.forEach((p, i) => {
    record[p.key] = Array.from({ length: options.paragraphs ?? 2 }, (_, k) => fx.prose(options.chars ?? 420, i * 3 + k)).join("\n\n")
    p.sections.forEach((s, j) => {
      record[s.id] = `**${s.title}取得新进展。**${fx.prose(options.chars ?? 300, i * 7 + j)}`
    })
  })
  return Effect.runSync(
    SectionProvider.build({
      metadata,
      providers: SectionProvider.annualSummary(plan, { chart: options.charts ?? false }),
      input: { plan, results, narrative: Narrative.fromRecord(record), asOf: Civil.unsafeDate("2022-12-31") },
      // as the app has it: the overview chart and the indicator tables, one per pillar, as the 附件
      attachments: SectionProvider.annualSummaryAttachments()
    })
  )
}
