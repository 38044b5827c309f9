import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"
import type { Kpi } from "@govplan/kpi"

const here = path.dirname(fileURLToPath(import.meta.url))

describe("README", () => {
  it("the example runs and computes what its comments say", async () => {
    const readme = fs.readFileSync(path.join(here, "..", "README.md"), "utf8")
    const block = /```ts\n([\s\S]*?)```/.exec(readme)![1]!
    const dir = path.join(here, ".readme")
    fs.mkdirSync(dir, { recursive: true })
    const file = path.join(dir, "example.ts")
    fs.writeFileSync(file, `${block}\nexport { average, fromSql, monthly, pooled }\n`)
    const m = (await import(file)) as {
      monthly: ReadonlyArray<Kpi.KpiResult>
      pooled: Kpi.KpiResult
      average: Kpi.KpiResult
      fromSql: ReadonlyArray<Kpi.KpiResult>
    }
    expect(m.monthly.map((r) => [r.period, r.value, r.numerator, r.denominator])).toEqual([
      ["2022-01", 0.5, 1, 2],
      ["2022-02", 0.5, 1, 2],
      ["2022-03", null, 0, 0]
    ])
    expect(m.monthly[2]!.noDataReason).toBe("the denominator is 0 in 2022-03 (no matching rows)")
    expect([m.pooled.value, m.pooled.numerator, m.pooled.denominator]).toEqual([0.5, 2, 4])
    expect(m.average.value).toBe(0.5)
    expect(m.average.note).toBe("mean of 2 of 3 sub-periods; no data in 2022-03")
    expect(m.fromSql).toEqual(m.monthly)
  })
})
