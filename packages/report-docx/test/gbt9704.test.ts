import { describe, expect, it } from "vitest"
import { FontMap, Gbt9704 as G } from "@govplan/report-docx"

describe("Gbt9704: the standard as data", () => {
  it("the type area is 156 × 225 mm and holds 22 lines of 579 twips and 28 condensed 3号 characters", () => {
    expect(G.TYPE_AREA.width / G.MM).toBeCloseTo(156, 0)
    expect(G.TYPE_AREA.height / G.MM).toBeCloseTo(225, 0)
    expect(Math.floor(G.TYPE_AREA.height / G.LINE)).toBe(G.GRID.lines)
    expect(Math.floor(G.TYPE_AREA.width / (G.ROLE.body.size * 10 + G.CHARACTER_SPACING))).toBe(G.GRID.chars)
    expect(Math.floor(G.TYPE_AREA.width / (G.ROLE.body.size * 10))).toBe(27) // without condensing, one short
  })

  it("every font of both font maps belongs to the family its role asks for, except the Windows title fallback", () => {
    const roles = { title: "title", issuerMark: "issuerMark", body: "body", heading1: "heading1", heading2: "heading2", heading3: "heading3", heading4: "heading4", pageNumber: "pageNumber" } as const
    for (const [slot, role] of Object.entries(roles)) {
      expect(G.familyOf(FontMap.gb[slot as keyof typeof roles]), `gb ${slot}`).toBe(G.ROLE[role].family)
    }
    expect(G.familyOf(FontMap.windows.title)).toBe("宋体") // 小标宋 does not ship with Windows
    expect(G.familyOf(FontMap.windows.body)).toBe("仿宋体")
  })

  it("familyOf tells 仿宋 and 小标宋 from 宋体, and knows English names", () => {
    expect(G.familyOf("仿宋")).toBe("仿宋体")
    expect(G.familyOf("FangSong_GB2312")).toBe("仿宋体")
    expect(G.familyOf("方正小标宋_GBK")).toBe("小标宋体")
    expect(G.familyOf("SimSun")).toBe("宋体")
    expect(G.familyOf("楷体_GB2312")).toBe("楷体")
    expect(G.familyOf("SimHei")).toBe("黑体")
    expect(G.familyOf("Calibri")).toBeUndefined()
  })

  it("heading labels by level; a decimal is not a level-3 label, a year after one is", () => {
    const level = (t: string) => G.HEADING.findIndex((re) => re.test(t)) + 1
    expect(["一、总体情况", "（二）城区管理", "3.推进工作", "（4）细项", "1.2022年完成", "1.5亿元投资", "十一、其他"].map(level)).toEqual([1, 2, 3, 4, 3, 0, 1])
  })

  it("page numbers: \"— N —\" with em dashes, 4号, one 4号 character in", () => {
    expect(G.PAGE_NUMBER.format(12)).toBe("\u2014 12 \u2014")
    expect(G.PAGE_NUMBER.size).toBe(G.SIZE.四号)
    expect(G.PAGE_NUMBER.indent).toBe(280)
    expect(G.HEAD.markTop / G.MM).toBeCloseTo(35, 1)
  })
})
