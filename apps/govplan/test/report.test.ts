import { spawnSync } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { strFromU8, unzipSync } from "fflate"
import { beforeAll, describe, expect, it } from "vitest"
import { parseArgs } from "../src/commands/report.js"

const root = fileURLToPath(new URL("../../../", import.meta.url))

/** Runs the real CLI, as a user would: `node apps/govplan/bin/govplan.js report …`. */
const govplan = (...args: Array<string>) => {
  const result = spawnSync(process.execPath, ["apps/govplan/bin/govplan.js", "report", ...args], { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 })
  if (result.error) throw result.error
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "govplan-report-"))
const data = path.join(tmp, "data")
const TITLE = "长寿路街道2022年工作总结"
let docx: ReturnType<typeof govplan>

beforeAll(() => {
  // an empty data directory: the command generates the seed data first
  docx = govplan("--data", data, "--out", path.join(tmp, "docx"))
}, 120_000)

describe("govplan report", () => {
  it("writes the .docx, printing progress for each step and the path at the end", () => {
    expect(docx.stderr).toBe("")
    expect(docx.status).toBe(0)
    const lines = docx.stdout.trim().split("\n")
    for (let n = 1; n <= 6; n++) expect(lines.some((l) => l.startsWith(`[${n}/6] `))).toBe(true)
    expect(docx.stdout).toContain("generating it")
    expect(docx.stdout).toMatch(/\[3\/6\] KPIs: 46 indicators for 2022 as of 2022-12-31/)
    const file = path.join(tmp, "docx", `${TITLE}.docx`)
    expect(lines[lines.length - 1]).toMatch(new RegExp(`^wrote .*${TITLE}\\.docx in \\d+\\.\\d s$`))
    const files = unzipSync(fs.readFileSync(file))
    const doc = strFromU8(files["word/document.xml"]!)
    expect(doc).toContain(TITLE)
    expect(doc).toContain("长寿路街道办事处　2022年12月31日") // the material byline
    expect(doc).toContain("一、2022年工作成效")
    expect(doc).toContain("（一）聚焦重点，深化基层党建全域提升") // the plan's ASCII comma printed full-width
    expect(doc).toContain("二、存在的问题和不足")
    expect(doc).toContain("三、下一步工作打算")
    expect(doc).toContain("【待填写】") // no outlook given: a marked placeholder, and the CLI says so
    expect(docx.stdout).toContain("the part 下一步工作打算 carries a placeholder marked 【待填写】")
    expect(doc).toContain("居民区“廉政月月讲”开展率")
    expect(doc).toContain("附件：2022年工作计划指标完成情况")
    expect(doc).not.toContain("FF0000")
    expect(Object.keys(files).filter((k) => k.startsWith("word/media/")).length).toBe(1) // the overview chart
  })

  it("--format md writes Markdown with the numbered headings and KPI tables", () => {
    const r = govplan("--data", data, "--format", "md", "--out", path.join(tmp, "md"))
    expect(r.status).toBe(0)
    const md = fs.readFileSync(path.join(tmp, "md", `${TITLE}.md`), "utf8")
    expect(md.startsWith(`# ${TITLE}\n`)).toBe(true)
    expect(md.split("\n").filter((l) => /^## [一二三]、/.test(l))).toEqual(["## 一、2022年工作成效", "## 二、存在的问题和不足", "## 三、下一步工作打算"])
    expect(md).toMatch(/^### （七）/m)
    expect(md).toContain("| 指标 | 目标 | 完成情况 | 状态 |")
    expect(r.stdout).toContain("[6/6] Markdown")
  })

  it("golden text: plain Chinese (no ISO dates or ranges, no ASCII .., no ≥, no machine words), status words by period, 同比 where 2021 has records", () => {
    const yearEnd = fs.readFileSync(path.join(tmp, "md", `${TITLE}.md`), "utf8")
    const mid = govplan("--data", data, "--format", "md", "--as-of", "2022-06-30", "--out", path.join(tmp, "md-mid"))
    expect(mid.status).toBe(0)
    const midYear = fs.readFileSync(path.join(tmp, "md-mid", "长寿路街道2022年上半年工作总结-截至2022-06-30.md"), "utf8")
    for (const md of [yearEnd, midYear]) {
      expect(md).not.toMatch(/\d{4}-\d{2}/)
      expect(md).not.toContain("..")
      expect(md).not.toMatch(/[≥≤]|未绑定|分子|分母|KPI|[A-Za-z]{3,}/)
      expect(md).not.toMatch(/““|””/)
      expect(md).not.toMatch(/高于20\d\d年?(?![^（]*（)/) // a baseline always with its value: 高于2021年（1.61次/家）
    }
    // the generator writes 2021 ledgers for 廉政月月讲 and the event log: 同比 from last year's records
    expect(yearEnd).toMatch(/居民区“廉政月月讲”开展率为[\d.]+%[^。]*同比(上升|下降)[\d.]+个百分点/)
    expect(yearEnd).toMatch(/“非遗在社区”活动场次为\d+场[^。；]*同比/)
    // the 12345 hotline, waste clearance and the petitions ledgers have 2021 rows too: 同比 in points
    for (const name of ["先行联系率", "按时结案率", "实际解决率", "满意率", "湿垃圾和干垃圾日产日清率", "初信初访就地解决率"]) {
      expect(yearEnd).toMatch(new RegExp(`(；|\\*\\*)${name}为[\\d.]+%[^；。]*(同比(上升|下降)[\\d.]+个百分点|与上年同期持平)`))
    }
    // 存在的问题: the months and the committees (居委) that lag most, grouped in the indicator's sentence
    const problems = yearEnd.slice(yearEnd.indexOf("## 二、"), yearEnd.indexOf("## 三、"))
    expect(problems).toMatch(/按时结案率为[^；。]*其中\d+月（[\d.]+%）、\d+月（[\d.]+%）最低，分居委看，\d+个居委(均|中\d+个)未达到目标，[^（]+居委（[\d.]+%）、[^（]+居委（[\d.]+%）、[^（]+居委（[\d.]+%）最低/)
    expect(problems).toMatch(/居民区“廉政月月讲”开展率为[^；。]*分居委看/)
    expect(yearEnd).not.toMatch(/小区业委会组建和换届[^。；]*同比/) // no 2021 ledger: no 同比
    expect(yearEnd).toContain("高于2022年1—5月平均水平（")
    expect(yearEnd).toMatch(/高于2021年（[\d.]+次\/家）/)
    // at year end nothing is 滞后: what fell short is 未完成
    expect(yearEnd).not.toContain("滞后")
    expect(yearEnd).toContain("| 未完成 |")
    // mid-year: rates behind are 滞后, and the title and outlook say 上半年/下半年
    expect(midYear).toContain("# 长寿路街道2022年上半年工作总结")
    expect(midYear).toContain("## 一、2022年上半年工作成效")
    expect(midYear).toContain("## 三、下半年工作打算")
    expect(midYear).toContain("| 滞后 |")
  })

  it("--layout 文件 adds the 版头 and 版记; --as-of moves the 成文日期; --narrative fills the parts", () => {
    const narrative = path.join(tmp, "narrative")
    fs.mkdirSync(narrative, { recursive: true })
    fs.writeFileSync(path.join(narrative, "party.md"), "**党建引领有力。**上半年召开党工委会议十二次。")
    fs.writeFileSync(path.join(narrative, "outlook.txt"), "下半年继续推进各项工作。")
    const r = govplan("--data", data, "--layout", "文件", "--doc-number", "长街〔2022〕5号", "--as-of", "2022-06-30", "--narrative", narrative, "--out", path.join(tmp, "file"))
    expect(r.stderr).toBe("")
    expect(r.status).toBe(0)
    expect(r.stdout).toContain("narrative: 2 texts")
    // each variant has its own name: the mid-year title, the as-of date before the year's end, then the layout
    const doc = strFromU8(unzipSync(fs.readFileSync(path.join(tmp, "file", "长寿路街道2022年上半年工作总结-截至2022-06-30-文件.docx")))["word/document.xml"]!)
    expect(doc).toContain("普陀区长寿路街道办事处文件")
    expect(doc).toContain("长街〔2022〕5号")
    expect(doc).toContain("FF0000")
    expect(doc).toContain("普陀区人民政府：")
    expect(doc).toContain("抄送：区委办公室，区政府办公室。")
    expect(doc).toContain("2022年6月30日")
    expect(doc).toContain("上半年召开党工委会议十二次。")
    expect(doc).toContain("长寿路街道2022年上半年工作总结")
    expect(doc).toContain("三、下半年工作打算") // 一 results, 二 problems, 三 outlook
    expect(doc).not.toContain("【待填写】")
    expect(doc).toContain(`<w:type w:val="evenPage"/>`)
  })

  it("rejects bad options with usage and exit code 2", () => {
    for (const args of [["--layout", "poster"], ["--format", "pdf"], ["--as-of", "2022-02-30"], ["--doc-number", "五号"], ["--bogus"], ["--out"]]) {
      const parsed = parseArgs(args)
      expect(parsed._tag, args.join(" ")).toBe("Usage")
    }
    const r = govplan("--data", data, "--as-of", "2021-12-31")
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/^govplan report: --as-of 2021-12-31 is not in 2022/)
    const bad = govplan("--layout", "poster")
    expect(bad.status).toBe(2)
    expect(bad.stderr).toContain("--layout is material or 文件")
    expect(bad.stderr).toContain("usage: govplan report")
  })

  it("parses the 发文字号 and the layouts", () => {
    const parsed = parseArgs(["--layout", "文件", "--doc-number", "长街〔2022〕5号", "--cc", "区委办公室，区政府办公室", "--fonts", "windows"])
    expect(parsed._tag === "Options" && parsed.options).toMatchObject({ layout: "文件", docNumber: { prefix: "长街", year: 2022, serial: 5 }, cc: ["区委办公室", "区政府办公室"], fonts: "windows" })
  })
})
