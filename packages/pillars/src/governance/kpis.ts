/**
 * KPI definitions of the community-governance pillar (社区治理), written in the KPI language, and
 * their bindings to the indicators of the 2022 plan. The formula sheet is `src/governance/README.md`.
 *
 * The plan quantifies one target here (16 owners' committees formed or re-elected); the other KPIs
 * are supporting KPIs for the measures the plan names without a number (self-governance projects,
 * certified social workers, the 4th public-benefit venture fair).
 *
 * @since 0.1.0
 */
import { Filter, Kpi } from "@govplan/kpi"
import type { Binding } from "../Pillar.js"

/**
 * The codes the governance records use (Shanghai practice).
 *
 * @since 0.1.0
 */
export const codes = {
  yes: "是",
  elected: "当选",
  /** The estates the plan names among its 16. */
  namedEstates: ["燕宁苑", "上青佳园"],
  approved: "立项",
  notApproved: "未立项",
  onDuty: "在岗",
  /** 持证: a national social-work qualification certificate of any level. */
  certificates: ["助理社会工作师", "社会工作师", "高级社会工作师"],
  funded: "资助",
  /** The venture fair of 2022 is the 4th (第四届). */
  ventureEdition: 4
} as const

const gov = (id: string, name: string, gloss: string, record: string, measure: Kpi.Measure, description: string, unit?: string) =>
  Kpi.define({ id: `governance.${id}`, name, gloss, record, measure, description, unit })

const elected = Filter.eq("result", codes.elected)
const onDuty = Filter.eq("status", codes.onDuty)
const edition = Filter.eq("edition", codes.ventureEdition)

/**
 * The governance KPIs.
 *
 * @since 0.1.0
 */
export const kpis: ReadonlyArray<Kpi.Definition> = [
  gov(
    "owners-committees.formed-or-renewed",
    "小区业委会组建和换届(计划内)",
    "planned owners' committees formed or re-elected",
    "owners_committee_election",
    Kpi.count({ time: "filedOn", where: Filter.and(Filter.eq("inPlan", codes.yes), elected) }),
    "planned elections (列入年度计划 = 是) that elected a committee (选举结果 = 当选), counted on the date the committee was filed (备案日期)",
    "家"
  ),
  gov(
    "owners-committees.all-formed-or-renewed",
    "小区业委会组建和换届(含计划外)",
    "all owners' committees formed or re-elected, planned or not",
    "owners_committee_election",
    Kpi.count({ time: "filedOn", where: elected }),
    "supporting KPI: every election that elected a committee, by filing date",
    "家"
  ),
  gov(
    "owners-committees.named-estates",
    "燕宁苑、上青佳园业委会组建换届",
    "owners' committees formed or re-elected at the two estates the plan names",
    "owners_committee_election",
    Kpi.count({ time: "filedOn", where: Filter.and(Filter.oneOf("estate", codes.namedEstates), elected) }),
    "supporting KPI: of the named estates (燕宁苑, 上青佳园), those whose committee was filed; 2 when both are done",
    "家"
  ),
  gov(
    "owners-committees.election-success-rate",
    "业主大会选举成功率",
    "owners' general meetings that elected a committee",
    "owners_committee_election",
    Kpi.ratio({
      numerator: Kpi.count({ time: "electedOn", where: elected }),
      denominator: Kpi.count({ time: "electedOn", where: Filter.isNotNull("result") })
    }),
    "supporting KPI: meetings held in the period that elected a committee / meetings held with a recorded result (quorum failures and postponements count against)"
  ),
  gov(
    "self-governance.applied",
    "自治项目申报数",
    "self-governance projects applied for",
    "self_governance_project",
    Kpi.count({ time: "appliedOn" }),
    "supporting KPI: projects applied for, by application date",
    "个"
  ),
  gov(
    "self-governance.approved",
    "自治项目立项数",
    "self-governance projects approved",
    "self_governance_project",
    Kpi.count({ time: "approvedOn", where: Filter.eq("review", codes.approved) }),
    "supporting KPI: projects approved (评审结果 = 立项), by approval date",
    "个"
  ),
  gov(
    "self-governance.completed",
    "自治项目结项数",
    "self-governance projects completed",
    "self_governance_project",
    Kpi.count({ time: "completedOn" }),
    "supporting KPI: projects completed, by completion date",
    "个"
  ),
  gov(
    "self-governance.approval-rate",
    "自治项目立项率",
    "share of reviewed applications approved",
    "self_governance_project",
    Kpi.ratio({
      numerator: Kpi.count({ time: "reviewedOn", where: Filter.eq("review", codes.approved) }),
      denominator: Kpi.count({ time: "reviewedOn", where: Filter.oneOf("review", [codes.approved, codes.notApproved]) })
    }),
    "supporting KPI: applications reviewed in the period and approved / applications reviewed in the period (立项 or 未立项; 待评审 excluded)"
  ),
  gov(
    "self-governance.committees-with-project",
    "有立项自治项目的居民区数",
    "residential committees with at least one approved project",
    "self_governance_project",
    Kpi.countDistinct({ field: "committee", time: "approvedOn", where: Filter.eq("review", codes.approved) }),
    "supporting KPI: distinct committees with a project approved in the period",
    "个"
  ),
  gov(
    "social-workers.certified-share",
    "居民区社工持证率",
    "share of social workers on duty holding a social-work certificate",
    "social_worker",
    Kpi.share({ time: "snapshotOn", of: onDuty, where: Filter.oneOf("certificate", codes.certificates) }),
    "supporting KPI: roster lines on duty (在岗) with a certificate of any level / roster lines on duty, by roster date; leavers and secondees excluded, an empty certificate counts as none. Evaluate by quarter: the year-end share is Q4's"
  ),
  gov(
    "social-workers.training-hours",
    "居民区社工人均培训学时",
    "training hours per social worker on duty",
    "social_worker",
    Kpi.derive({
      inputs: {
        hours: Kpi.sum({ field: "trainingHours", time: "snapshotOn", where: onDuty }),
        workers: Kpi.count({ time: "snapshotOn", where: onDuty })
      },
      expr: Kpi.div(Kpi.ref("hours"), Kpi.ref("workers"))
    }),
    "supporting KPI: training hours of the quarter of workers on duty / roster lines on duty (hours per worker per quarter)",
    "学时"
  ),
  gov(
    "venture.applications",
    "第四届公益创投申报项目数",
    "projects applied to the 4th public-benefit venture fair",
    "venture_project",
    Kpi.count({ time: "appliedOn", where: edition }),
    "supporting KPI: 4th-edition applications, by application date",
    "个"
  ),
  gov(
    "venture.funded",
    "第四届公益创投资助项目数",
    "4th venture fair projects funded",
    "venture_project",
    Kpi.count({ time: "fundedOn", where: Filter.and(edition, Filter.eq("review", codes.funded)) }),
    "supporting KPI: 4th-edition projects funded (评审结果 = 资助), by funding date",
    "个"
  ),
  gov(
    "venture.grant-total",
    "第四届公益创投资助金额",
    "grants awarded by the 4th venture fair (CNY)",
    "venture_project",
    Kpi.sum({ field: "grant", time: "fundedOn", where: Filter.and(edition, Filter.eq("review", codes.funded)) }),
    "supporting KPI: sum of 资助金额 of 4th-edition projects funded in the period",
    "元"
  ),
  gov(
    "venture.completed",
    "公益创投项目结项数",
    "venture projects completed (any edition)",
    "venture_project",
    Kpi.count({ time: "completedOn", where: Filter.eq("review", codes.funded) }),
    "supporting KPI: funded projects of any edition completed in the period (the 3rd edition's close in 2022)",
    "个"
  )
]

/**
 * Which KPI serves which indicator of the 2022 plan.
 *
 * @since 0.1.0
 */
export const bindings: ReadonlyArray<Binding> = [
  {
    indicatorId: "governance.owners-committees.formed-or-renewed",
    kpiId: "governance.owners-committees.formed-or-renewed",
    record: "owners_committee_election"
  },
  // the 4th 公益创投会 held: evidenced by the projects it funded
  { indicatorId: "governance.venture.funded", kpiId: "governance.venture.funded", record: "venture_project" }
]
