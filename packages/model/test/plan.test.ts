import { describe, expect, it } from "@effect/vitest"
import { Effect, Either, Exit } from "effect"
import * as Plan from "../src/Plan.js"
import { indicatorJson, planJson } from "./fixtures.js"

const issuesOf = (u: unknown) => {
  const r = Plan.decodePlanEither(u)
  if (Either.isRight(r)) throw new Error("expected the plan to be rejected")
  return r.left
}

describe("Plan schema", () => {
  it("decodes a valid plan and counts its parts", () => {
    const plan = Either.getOrThrow(Plan.decodePlanEither(planJson()))
    expect(plan).toBeInstanceOf(Plan.WorkPlan)
    expect(Plan.counts(plan)).toEqual({ pillars: 3, sections: 3, measures: 2, indicators: 4 })
    expect(Plan.indicators(plan).map((x) => [x.pillar.number, x.section.id, x.indicator.id])).toEqual([
      [3, "p3.s1", "p3.hotline.first-contact"],
      [3, "p3.s1", "p3.hotline.closed"],
      [3, "p3.s1", "p3.hotline.on-time"],
      [3, "p3.s1", "p3.hotline.untrue"]
    ])
    expect(Plan.measures(plan).map((x) => x.measure.id)).toEqual(["p1.s1.m1", "p3.s1.m1"])
  })

  it("rejects duplicate ids anywhere in the plan", () => {
    const json = planJson()
    json.pillars[1].sections[0].id = "p1.s1"
    json.pillars[2].sections[0].indicators[2].id = "p3.s1.m1"
    expect(issuesOf(json).issues).toEqual([
      { path: "", message: 'id "p1.s1" is used more than once' },
      { path: "", message: 'id "p3.s1.m1" is used more than once' }
    ])
  })

  it("requires pillars numbered 1.. in order", () => {
    const json = planJson()
    json.pillars[1].number = 3
    json.pillars[2].number = 2
    expect(issuesOf(json).issues).toEqual([
      { path: "pillars[1].number", message: "expected pillar number 2 here (pillars are numbered 1.. in order), got 3" },
      { path: "pillars[2].number", message: "expected pillar number 3 here (pillars are numbered 1.. in order), got 2" }
    ])
  })

  it("rejects a pillar number outside 1–7", () => {
    const json = planJson()
    json.pillars[0].number = 8
    const e = issuesOf(json)
    expect(e.issues.map((i) => i.path)).toEqual(["pillars[0].number"])
  })

  it("requires an indicator's measureId to name a measure of its own section", () => {
    const json = planJson()
    json.pillars[2].sections[0].indicators[1].measureId = "p1.s1.m1" // exists, but in another section
    expect(issuesOf(json).issues).toEqual([
      { path: "pillars[2].sections[0].indicators[1].measureId", message: 'no measure "p1.s1.m1" in this section' }
    ])
  })

  it("rejects a band whose min exceeds its max", () => {
    const json = planJson()
    json.pillars[2].sections[0].indicators[0].direction = { _tag: "Band", min: 0.5, max: 0.2 }
    expect(issuesOf(json).issues).toEqual([
      { path: "pillars[2].sections[0].indicators[0].direction", message: "a band's min (0.5) must not exceed its max (0.2)" }
    ])
  })
})

describe("decodePlan errors name the path and what was expected", () => {
  it("a target of the wrong tag, a missing gloss, a rate given as \"100%\", an impossible date", () => {
    const json = planJson()
    json.published = "2022-02-29"
    json.pillars[2].sections[0].indicators[0].target.value = "100%"
    delete json.pillars[2].sections[0].indicators[1].gloss
    json.pillars[2].sections[0].indicators[3].target = { _tag: "Percent", value: 30 }
    const e = issuesOf(json)
    expect(e._tag).toBe("PlanDecodeError")
    expect(e.reason).toBe("InvalidPlan")
    expect(e.issues).toEqual([
      { path: "published", message: 'expected a date "YYYY-MM-DD" that exists in the calendar, got "2022-02-29"' },
      { path: "pillars[2].sections[0].indicators[0].target.value", message: 'Expected number, actual "100%"' },
      { path: "pillars[2].sections[0].indicators[1].gloss", message: "is missing" },
      {
        path: "pillars[2].sections[0].indicators[3].target._tag",
        message: 'Expected "Threshold" | "Deadline" | "Relative" | "Qualitative", actual "Percent"'
      }
    ])
    expect(e.message).toBe([
      "The plan does not match the schema (4 problems):",
      '  - published: expected a date "YYYY-MM-DD" that exists in the calendar, got "2022-02-29"',
      '  - pillars[2].sections[0].indicators[0].target.value: Expected number, actual "100%"',
      "  - pillars[2].sections[0].indicators[1].gloss: is missing",
      '  - pillars[2].sections[0].indicators[3].target._tag: Expected "Threshold" | "Deadline" | "Relative" | "Qualitative", actual "Percent"'
    ].join("\n"))
  })

  it("an unknown kind and a bad id", () => {
    const json = planJson()
    json.pillars[0].sections[0].indicators = [indicatorJson("Bad Id", { kind: "ratio" })]
    expect(issuesOf(json).issues).toEqual([
      { path: "pillars[0].sections[0].indicators[0].id", message: 'expected an id of lower-case ASCII words joined by ".", "-" or "_", got "Bad Id"' },
      {
        path: "pillars[0].sections[0].indicators[0].kind",
        message: 'Expected "rate" | "count" | "amount" | "milestone" | "trend" | "qualitative", actual "ratio"'
      }
    ])
  })

  it("JSON text is parsed first; broken JSON is InvalidJson", () => {
    expect(Either.isRight(Plan.decodePlanEither(JSON.stringify(planJson())))).toBe(true)
    const e = issuesOf("{\"id\": ")
    expect(e.reason).toBe("InvalidJson")
    expect(e.issues).toHaveLength(1)
    expect(e.issues[0]!.path).toBe("")
    expect(e.message.startsWith("The plan is not valid JSON:\n  - (document): ")).toBe(true)
  })

  it("renders odd keys quoted", () => {
    expect(Plan.renderPath(["pillars", 2, "sections", 0, "indicators", 3, "target"])).toBe("pillars[2].sections[0].indicators[3].target")
    expect(Plan.renderPath(["source", "file name", 0])).toBe('source["file name"][0]')
    expect(Plan.renderPath([])).toBe("")
  })

  it.effect("decodePlan fails in the error channel with the tagged error", () =>
    Effect.gen(function*() {
      const json = planJson()
      delete json.title
      const exit = yield* Effect.exit(Plan.decodePlan(json))
      expect(Exit.isFailure(exit)).toBe(true)
      const error = yield* Effect.flip(Plan.decodePlan(json))
      expect(error).toBeInstanceOf(Plan.PlanDecodeError)
      expect(error.issues).toEqual([{ path: "title", message: "is missing" }])
      const plan = yield* Plan.decodePlan(planJson())
      expect(plan.year).toBe(2022)
    }))

  it("decodePlanPromise resolves and rejects", async () => {
    await expect(Plan.decodePlanPromise(planJson())).resolves.toBeInstanceOf(Plan.WorkPlan)
    const json = planJson()
    json.year = "2022"
    await expect(Plan.decodePlanPromise(json)).rejects.toMatchObject({
      _tag: "PlanDecodeError",
      reason: "InvalidPlan",
      issues: [{ path: "year", message: 'Expected number, actual "2022"' }]
    })
  })

  it("encodePlan round-trips", () => {
    const plan = Either.getOrThrow(Plan.decodePlanEither(planJson()))
    const encoded = Plan.encodePlan(plan)
    expect(encoded).toEqual(planJson())
    expect(JSON.parse(JSON.stringify(encoded))).toEqual(planJson())
    expect(Either.getOrThrow(Plan.decodePlanEither(encoded))).toEqual(plan)
  })
})
