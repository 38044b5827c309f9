/**
 * Records of the community-governance pillar (社区治理): owners' committee (业委会) formation and
 * re-election, residential self-governance projects (自治项目), the social-worker roster (社工花名册)
 * and the community public-benefit venture projects (公益创投).
 *
 * @since 0.1.0
 */
import * as Records from "../Records.js"

/**
 * One formation (组建) or re-election (换届) of an estate's owners' committee, as the housing office's
 * 业委会组建换届台账 lists it (one row per attempt: an election that fails its quorum is one row, the
 * re-run another).
 *
 * - `kind` 类型: 组建 (first formation) / 换届 (re-election at the end of a term);
 * - `inPlan` 列入年度计划: 是 for the 16 estates of the 2022 plan (燕宁苑, 上青佳园, …), 否 for
 *   estates that started one unplanned (a committee resigning mid-term);
 * - `electedOn` 业主大会选举日期: empty until the owners' general meeting has voted;
 * - `result` 选举结果: 当选 / 未达法定人数 (quorum not reached) / 暂缓 (postponed), empty before the vote;
 * - `filedOn` 备案日期: the date the housing office (房管办) filed the committee; a committee is
 *   formed or renewed on that date.
 *
 * @since 0.1.0
 */
export const OwnersCommitteeElection = Records.make({
  name: "owners_committee_election",
  title: "业委会组建换届台账",
  file: "业委会组建换届台账.csv",
  fields: {
    electionId: Records.text("台账编号"),
    estate: Records.text("小区名称"),
    committee: Records.text("居委会"),
    kind: Records.text("类型", { codes: ["组建", "换届"] }),
    inPlan: Records.text("列入年度计划", { codes: ["是", "否"] }),
    startedOn: Records.date("启动日期"),
    electedOn: Records.dateOrNull("业主大会选举日期"),
    result: Records.textOrNull("选举结果", { codes: ["当选", "未达法定人数", "暂缓"] }),
    filedOn: Records.dateOrNull("备案日期")
  },
  events: ["electedOn", "filedOn"],
  key: ["electionId"]
})

/** @since 0.1.0 */
export type OwnersCommitteeElection = typeof OwnersCommitteeElection.schema.Type

/**
 * A residential self-governance project (居民区自治项目): applied for by a residential committee,
 * reviewed (评选), approved (立项) or not, and completed (结项).
 *
 * - `review` 评审结果: 立项 / 未立项 / 待评审, decided on `reviewedOn` 评审日期 (empty while 待评审);
 * - `approvedOn` 立项日期 and `completedOn` 结项日期 are empty until they happen;
 * - `budget` 预算(元): the approved budget (empty when not approved).
 *
 * @since 0.1.0
 */
export const SelfGovernanceProject = Records.make({
  name: "self_governance_project",
  title: "居民区自治项目台账",
  file: "居民区自治项目台账.csv",
  fields: {
    projectId: Records.text("项目编号"),
    committee: Records.text("居委会"),
    title: Records.text("项目名称"),
    category: Records.text("项目类别"),
    appliedOn: Records.date("申报日期"),
    review: Records.text("评审结果", { codes: ["立项", "未立项", "待评审"] }),
    reviewedOn: Records.dateOrNull("评审日期"),
    approvedOn: Records.dateOrNull("立项日期"),
    budget: Records.realOrNull("预算(元)"),
    completedOn: Records.dateOrNull("结项日期")
  },
  events: ["reviewedOn", "approvedOn", "completedOn"],
  key: ["projectId"]
})

/** @since 0.1.0 */
export type SelfGovernanceProject = typeof SelfGovernanceProject.schema.Type

/**
 * One line of the quarterly social-worker roster (居民区社工花名册), exported at each quarter end.
 *
 * - `snapshotOn` 统计日期: the quarter end the roster describes;
 * - `status` 在岗状态: 在岗 / 离职 / 借调 (seconded; the export still lists leavers of the quarter);
 * - `certificate` 持证情况: 高级社会工作师 / 社会工作师 / 助理社会工作师 / 无, or empty where the
 *   committee did not fill it in (counted as not certified).
 *
 * @since 0.1.0
 */
export const SocialWorker = Records.make({
  name: "social_worker",
  title: "居民区社工花名册",
  file: "居民区社工花名册.csv",
  fields: {
    snapshotOn: Records.date("统计日期"),
    workerId: Records.text("工号"),
    committee: Records.text("居委会"),
    post: Records.text("岗位"),
    status: Records.text("在岗状态", { codes: ["在岗", "离职", "借调"] }),
    hiredOn: Records.date("入职日期"),
    certificate: Records.textOrNull("持证情况", { codes: ["高级社会工作师", "社会工作师", "助理社会工作师", "无"] }),
    trainingHours: Records.real("本季度培训学时")
  },
  events: []
})

/** @since 0.1.0 */
export type SocialWorker = typeof SocialWorker.schema.Type

/**
 * A project of the community public-benefit venture fair (公益创投会), by edition (届次; 2022 is the
 * 4th): applied for by a social organisation, funded (资助) or not, and completed.
 *
 * - `review` 评审结果: 资助 / 未资助 / 撤回;
 * - `grant` 资助金额(元): empty unless funded.
 *
 * @since 0.1.0
 */
export const VentureProject = Records.make({
  name: "venture_project",
  title: "公益创投项目台账",
  file: "公益创投项目台账.csv",
  fields: {
    projectId: Records.text("项目编号"),
    edition: Records.int("届次"),
    title: Records.text("项目名称"),
    organisation: Records.text("申报机构"),
    field: Records.text("服务领域"),
    appliedOn: Records.date("申报日期"),
    review: Records.text("评审结果", { codes: ["资助", "未资助", "撤回"] }),
    fundedOn: Records.dateOrNull("立项资助日期"),
    grant: Records.realOrNull("资助金额(元)"),
    completedOn: Records.dateOrNull("结项日期")
  },
  events: ["fundedOn", "completedOn"],
  key: ["projectId"]
})

/** @since 0.1.0 */
export type VentureProject = typeof VentureProject.schema.Type

/**
 * The governance pillar's record types.
 *
 * @since 0.1.0
 */
export const records = [OwnersCommitteeElection, SelfGovernanceProject, SocialWorker, VentureProject] as const
