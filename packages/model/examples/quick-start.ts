import { Effect } from "effect"
import { Civil, Observation, Period, Plan, Status, WorkCalendar } from "@govplan/model"

// 1. Decode a plan (JSON text or a parsed value). decodePlanPromise is the
//    Promise facade of the Effect API Plan.decodePlan.
const plan = await Plan.decodePlanPromise({
  id: "demo-2022",
  title: "某街道2022年工作计划",
  office: "某街道办事处",
  district: "上海市普陀区",
  year: 2022,
  published: "2022-03-01",
  source: { publisher: "示例" },
  pillars: [{
    number: 1,
    key: "culture",
    title: "繁荣社区文化",
    shortName: "文化",
    gloss: "Culture",
    sections: [{
      id: "p1.s1",
      title: "传承非遗文化",
      measures: [{ id: "p1.s1.m1", text: "全年举办“非遗在社区”活动12场" }],
      indicators: [{
        id: "p1.heritage-events",
        name: "“非遗在社区”活动场次",
        gloss: "intangible-heritage events held",
        kind: "count",
        unit: "场",
        direction: { _tag: "HigherIsBetter" },
        target: { _tag: "Threshold", comparator: ">=", value: 12 },
        aggregation: "sum",
        grain: "month",
        dataSource: "活动台账",
        measureId: "p1.s1.m1",
        quote: "全年举办“非遗在社区”活动12场"
      }]
    }]
  }]
})
console.log(Plan.counts(plan))
// { pillars: 1, sections: 1, measures: 1, indicators: 1 }

// 2. Assess the indicator: 6 events held by 30 June.
const { indicator } = Plan.indicators(plan)[0]!
const asOf = Civil.unsafeDate("2022-06-30")
const observation = new Observation.Observation({ indicatorId: indicator.id, period: "2022", value: 6, asOf })
const assessment = Status.assess({ indicator, observation, period: Period.year(2022), asOf })
console.log(assessment.status, assessment.reason)
// onTrack 6/12 场，按进度应达 6 场

// 3. A hotline order accepted on Friday 2022-09-30 with 3 working days:
//    国庆 runs 1–7 October, 8 and 9 October are 调休 working days.
console.log(WorkCalendar.addWorkingDaysSync(Civil.unsafeDate("2022-09-30"), 3))
// 2022-10-10

// The same with Effect and the WorkCalendar service:
const due = await Effect.runPromise(
  Effect.gen(function*() {
    const calendar = yield* WorkCalendar.WorkCalendar
    return yield* calendar.addWorkingDays(Civil.unsafeDate("2022-09-30"), 3)
  }).pipe(Effect.provide(WorkCalendar.layer))
)
console.log(due)
// 2022-10-10

// 4. Bad input names the path and what was expected.
const bad = Plan.decodePlanEither({ ...Plan.encodePlan(plan), published: "2022-02-29" })
if (bad._tag === "Left") console.log(bad.left.message)
// The plan does not match the schema (1 problem):
//   - published: expected a date "YYYY-MM-DD" that exists in the calendar, got "2022-02-29"
