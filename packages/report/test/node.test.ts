import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { Narrative, Report } from "@govplan/report"
import { NodeNarrative } from "@govplan/report/node"

describe("NodeNarrative", () => {
  it.effect("reads one text per key from .md and .txt files, BOM dropped, other files ignored", () =>
    Effect.gen(function*() {
      const dir = mkdtempSync(join(tmpdir(), "govplan-narrative-"))
      writeFileSync(join(dir, "party.md"), "\uFEFF**党建。**全年召开会议。")
      writeFileSync(join(dir, "p1.s1.txt"), "第一段。\n\n第二段。")
      writeFileSync(join(dir, "notes.docx"), "ignored")
      mkdirSync(join(dir, "sub.md"))
      const n = yield* NodeNarrative.fromDirectory(dir).pipe(Effect.orElse(() => Effect.succeed(Narrative.empty)))
      expect(n).not.toBe(Narrative.empty)
      expect([...n.keys].sort()).toEqual(["p1.s1", "party"])
      expect(Narrative.blocksOf(n, "party")).toEqual([Report.paragraph("全年召开会议。", "党建。")])
      expect(Narrative.blocksOf(n, "p1.s1")).toHaveLength(2)
      expect(Narrative.blocksOf(n, "missing")).toEqual([])
    }))

  it.effect("a missing directory is a NarrativeUnreadable error naming it", () =>
    Effect.gen(function*() {
      const e = yield* Effect.flip(NodeNarrative.fromDirectory("/no/such/narrative"))
      expect(e.reason).toBe("NarrativeUnreadable")
      expect(e.message).toContain("/no/such/narrative")
    }))

  it("has a Promise facade", async () => {
    await expect(NodeNarrative.fromDirectoryPromise("/no/such/narrative")).rejects.toThrow(/cannot read the narrative directory/)
  })
})
