import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { afterEach, describe, expect, it, vi } from "vitest"

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url))

describe("README example", () => {
  afterEach(() => vi.restoreAllMocks())

  it("embeds examples/quick-start.ts verbatim", () => {
    const readme = readFileSync(here("../README.md"), "utf8")
    const example = readFileSync(here("../examples/quick-start.ts"), "utf8")
    expect(readme).toContain("```ts\n" + example + "```")
  })

  it("runs and prints what its comments say", async () => {
    const lines: Array<string> = []
    vi.spyOn(console, "log").mockImplementation((...args: Array<unknown>) => {
      lines.push(args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" "))
    })
    await import("../examples/quick-start.js")
    expect(lines).toEqual([
      JSON.stringify({ pillars: 1, sections: 1, measures: 1, indicators: 1 }),
      "onTrack 6/12 场，按进度应达 6 场",
      "2022-10-10",
      "2022-10-10",
      "The plan does not match the schema (1 problem):\n  - published: expected a date \"YYYY-MM-DD\" that exists in the calendar, got \"2022-02-29\""
    ])
  })
})
