import { describe, expect, it } from "vitest"
import * as Identifier from "../src/internal/identifier.js"

const dialects = ["sqlite", "pg", "mysql"] as const

describe("SQL identifiers", () => {
  it.each(dialects)("quotes valid names for %s", (d) => {
    const q = d === "mysql" ? "`" : "\""
    expect(Identifier.column("received_at", d)).toEqual({ _tag: "Right", quoted: `${q}received_at${q}` })
    expect(Identifier.column("工单编号", d)).toEqual({ _tag: "Right", quoted: `${q}工单编号${q}` })
    expect(Identifier.column("_x$1", d)).toEqual({ _tag: "Right", quoted: `${q}_x$1${q}` })
    expect(Identifier.column("select", d)).toEqual({ _tag: "Right", quoted: `${q}select${q}` }) // reserved words are safe once quoted
    expect(Identifier.table("public.hotline", d)).toEqual({ _tag: "Right", quoted: `${q}public${q}.${q}hotline${q}` })
  })

  const bad: ReadonlyArray<readonly [string, RegExp]> = [
    [`orders"; DROP TABLE x; --`, /double quote/],
    ["orders`", /backtick/],
    ["o'reilly", /single quote/],
    ["a;b", /semicolon/],
    ["two words", /a space/],
    ["tab\there", /a tab/],
    ["line\nbreak", /line break/],
    ["x--comment", /hyphen/],
    ["a/*b*/", /slash/],
    ["nul\u0000byte", /control character \(U\+0000\)/],
    ["1st", /starts with the character "1"/],
    ["$col", /starts with the character "\$"/],
    ["full\u3000width", /space character \(U\+3000\)/],
    ["", /is empty/],
    ["a".repeat(64), /longer than 63 bytes/]
  ]
  it.each(bad)("rejects column %j with a message naming it", (name, why) => {
    const r = Identifier.column(name, "pg")
    expect(r._tag).toBe("Left")
    if (r._tag === "Left") {
      expect(r.message).toMatch(why)
      if (name !== "") expect(r.message).toContain(JSON.stringify(name))
    }
  })

  it("rejects bad table names, including bad qualified parts and too many dots", () => {
    const r1 = Identifier.table("public.orders;drop", "sqlite")
    expect(r1).toMatchObject({ _tag: "Left" })
    expect(r1._tag === "Left" && r1.message).toMatch(/table name "public\.orders;drop", part "orders;drop" contains a semicolon/)
    const r2 = Identifier.table("a.b.c", "pg")
    expect(r2._tag === "Left" && r2.message).toMatch(/has 2 dots/)
    const r3 = Identifier.table(42, "mysql")
    expect(r3._tag === "Left" && r3.message).toMatch(/must be a string, got number/)
    const r4 = Identifier.table(".orders", "pg")
    expect(r4._tag === "Left" && r4.message).toMatch(/is empty/)
  })

  it("applies each dialect's length limit", () => {
    expect(Identifier.column("a".repeat(64), "mysql")._tag).toBe("Right")
    expect(Identifier.column("a".repeat(65), "mysql")._tag).toBe("Left")
    // 21 CJK characters are 63 UTF-8 bytes: fine for PostgreSQL; 22 are 66 bytes: PostgreSQL would truncate
    expect(Identifier.column("工".repeat(21), "pg")._tag).toBe("Right")
    expect(Identifier.column("工".repeat(22), "pg")._tag).toBe("Left")
    expect(Identifier.column("工".repeat(22), "mysql")._tag).toBe("Right")
  })
})
