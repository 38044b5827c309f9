import { spawnSync } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { Either } from "effect"
import { Plan } from "@govplan/model"
import { describe, expect, it } from "vitest"

const root = fileURLToPath(new URL("../../../", import.meta.url))

/** Runs the real CLI, as a user would: `node apps/govplan/bin/govplan.js plan …`. */
const govplan = (...args: Array<string>) => {
  const result = spawnSync(process.execPath, ["apps/govplan/bin/govplan.js", "plan", ...args], { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 })
  if (result.error) throw result.error
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}

const sourceHeadings = fs.readFileSync(path.join(root, "seeds/changshou-road-2022-work-plan.txt"), "utf8")
  .split("\n")
  .filter((l) => /^[一二三四五六七]、/.test(l))
  .map((l) => l.trim())

describe("govplan plan", () => {
  it("--json prints the encoded plan, which decodes and has the plan's counts", () => {
    const { status, stdout, stderr } = govplan("--json")
    expect(stderr).toBe("")
    expect(status).toBe(0)
    const decoded = Plan.decodePlanEither(JSON.parse(stdout))
    if (Either.isLeft(decoded)) throw new Error(decoded.left.message)
    expect(Plan.counts(decoded.right)).toEqual({ pillars: 7, sections: 20, measures: 104, indicators: 46 })
    expect(decoded.right.pillars.map((p) => p.key)).toEqual(["party", "economy", "urban", "governance", "livelihood", "culture", "safety"])
  })

  it("prints an outline naming every pillar and section, with targets in words", () => {
    const { status, stdout } = govplan()
    expect(status).toBe(0)
    expect(sourceHeadings).toHaveLength(7)
    for (const heading of sourceHeadings) expect(stdout).toContain(heading)
    expect(stdout).toContain("（一）深入贯彻““十四五””,强化党建引领")
    expect(stdout).toContain("（三）积极化解各类社会矛盾")
    expect(stdout).toContain("7 个方面 · 20 项工作 · 104 条措施 · 46 项指标")
    expect(stdout).toMatch(/先行联系率 +≥ 100%/)
    expect(stdout).toMatch(/不属实率 +< 30%/)
    expect(stdout).toMatch(/合利坊四期竣工验收合格证书 +by 2022年3月31日/)
    expect(stdout).toMatch(/“非遗在社区”活动场次 +≥ 12 场/)
    expect(stdout).toContain("文字目标: 力争高比例签约搬迁")
    expect(stdout).toContain("> 基线（2022年1月1日至2022年5月31日）: 在今年基础上有所提高")
    expect(stdout).toContain("> 基线（2021年）: 增加走访频次")
    expect(stdout).toContain("（责任: 纪工委）")
    expect(stdout).toContain("合利坊四期商品住宅预计一季度取得竣工验收合格证书（期限: 2022年3月31日）")
  })

  it("--pillar narrows the outline to one pillar; --indicators leaves the measures out", () => {
    const urban = govplan("--pillar", "urban", "--indicators")
    expect(urban.status).toBe(0)
    expect(urban.stdout).toContain("三、强化功能,提升城区发展环境")
    expect(urban.stdout).not.toContain("一、聚焦重点,深化基层党建全域提升")
    expect(urban.stdout).toContain("urban.hotline.first-contact-rate")
    expect(urban.stdout).not.toContain("做好12345工单的派发")
    const economy = govplan("--pillar", "economy", "--indicators")
    expect(economy.stdout).toContain("（一）夯实疫情防控常态化工作\n    （本项工作没有量化或定时的目标）")
    expect(govplan("--pillar=7").stdout).toContain("七、强化监管,构建平安长寿体系")
    const unknown = govplan("--pillar", "nope")
    expect(unknown.status).toBe(2)
    expect(unknown.stderr).toContain("1 party")
  })

  it("--help explains the options; an unknown option is a usage error", () => {
    const help = govplan("--help")
    expect(help.status).toBe(0)
    expect(help.stdout).toContain("usage: govplan plan")
    expect(help.stdout).toContain("--json")
    const bad = govplan("--bogus")
    expect(bad.status).toBe(2)
    expect(bad.stderr).toContain('unknown option "--bogus"')
  })

  it("--file reads another plan and names the path of every fault in a bad one", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "govplan-plan-"))
    try {
      const good = JSON.parse(govplan("--json").stdout) as { title: string; pillars: Array<{ sections: Array<{ indicators: Array<{ target: unknown }> }> }> }
      good.title = "示例街道2023年工作计划"
      fs.writeFileSync(path.join(dir, "good.json"), JSON.stringify(good))
      const ok = govplan("--file", path.join(dir, "good.json"))
      expect(ok.status).toBe(0)
      expect(ok.stdout.split("\n")[0]).toBe("示例街道2023年工作计划")

      good.pillars[2]!.sections[0]!.indicators[3]!.target = { _tag: "Deadline", by: "2022-13-01" }
      fs.writeFileSync(path.join(dir, "bad.json"), JSON.stringify(good))
      const bad = govplan("--file", path.join(dir, "bad.json"))
      expect(bad.status).toBe(3)
      expect(bad.stdout).toBe("")
      expect(bad.stderr).toContain("pillars[2].sections[0].indicators[3].target")

      const missing = govplan("--file", path.join(dir, "missing.json"))
      expect(missing.status).toBe(3)
      expect(missing.stderr).toContain("cannot read")
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
