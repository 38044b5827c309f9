/**
 * Child process of scripts/bench-csv.mjs (run with tsx on the TypeScript sources).
 *
 *   generate FILE ROWS      write ROWS hotline orders as a UTF-8 CSV with the 12345 export headers
 *   govplan FILE [civil]    CsvSource.load → decode (Urban.HotlineOrder) → Kpi.evaluate, one pass;
 *                           with "civil", the same schema with the model's Civil.CivilDateTime for
 *                           its three date-time fields (checked by the fast path's own validator)
 *   papaparse FILE [PIECE]  parse-only baseline: Papa.parse on a UTF-8 file stream read in PIECE-byte
 *                           pieces (default 1 MiB), counting rows
 *
 * Prints one JSON line with the results.
 */
import { createReadStream, createWriteStream } from "node:fs"
import Papa from "papaparse"
import { Schema } from "effect"
import { Civil } from "@govplan/model"
import * as Urban from "@govplan/pillars/urban"
import { ErrorPolicy } from "@govplan/source"
import { CsvSource } from "@govplan/source-csv"
import { evaluateAndPrint, mapping } from "./bench-hotline.shared.js"

const [mode, file, rowsArg] = process.argv.slice(2)

/** Urban.HotlineOrder with the model's civil date-time schema (identifier CivilDateTime) for its times. */
const civilTyped = Schema.Struct({
  ...Urban.HotlineOrder.fields,
  acceptedAt: Civil.CivilDateTime,
  dueAt: Civil.CivilDateTime,
  closedAt: Schema.NullOr(Civil.CivilDateTime)
})


// --- a deterministic generator (xorshift32) -------------------------------
let seed = 0x12345
const rnd = () => {
  seed ^= seed << 13
  seed >>>= 0
  seed ^= seed >>> 17
  seed ^= seed << 5
  seed >>>= 0
  return seed / 0x100000000
}
const pick = <T>(xs: ReadonlyArray<T>): T => xs[Math.floor(rnd() * xs.length)]!
const pad = (n: number) => (n < 10 ? "0" + n : String(n))
const fmt = (t: number) => {
  const d = new Date(t)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${
    pad(d.getUTCSeconds())
  }`
}
const CHANNELS = ["12345热线电话", "12345网站", "随申办APP", "微信公众号", "领导信箱"]
const CATEGORIES = ["咨询", "建议", "求助", "投诉"]
const SUBJECTS = [
  "市容环境类-占道经营-流动摊贩占道",
  "住房保障类-物业管理-小区电梯故障维修",
  "交通运输类-道路设施-人行道破损",
  "公共安全类-噪声扰民-夜间施工噪声",
  "社区管理类-垃圾分类-湿垃圾清运不及时",
  "劳动社保类-欠薪-建筑工地拖欠工资"
]
const COMMITTEES = Array.from({ length: 24 }, (_, i) => `普陀区长寿路街道第${i + 1}居民委员会`)
const RATINGS = ["满意", "满意", "满意", "基本满意", "一般", "不满意", ""]
const CLOSURES = ["实际解决", "实际解决", "解释说明", "\"已联系市民，现场核实后解释说明\""]

const generate = async (path: string, n: number) => {
  const out = createWriteStream(path)
  const headers = Urban.HotlineOrder.columns.map((c) => c.header)
  out.write(headers.join(",") + "\r\n")
  const start = Date.UTC(2022, 0, 1)
  const year = 365 * 86400_000
  let buf: Array<string> = []
  for (let i = 0; i < n; i++) {
    const accepted = start + Math.floor(rnd() * year)
    const category = pick(CATEGORIES)
    const complex = rnd() < 0.03 ? "是" : "否"
    const limitDays = complex === "是" ? 15 : category === "咨询" || category === "建议" ? 1 : 5
    const due = Math.floor((accepted + (limitDays + 2) * 86400_000) / 86400_000) * 86400_000 + 86399_000
    const closed = rnd() < 0.92 ? accepted + Math.floor(rnd() * (limitDays + 3) * 86400_000) : undefined
    const row: Record<string, string> = {
      orderId: `GD${2022}${String(i + 1).padStart(10, "0")}`,
      acceptedAt: fmt(accepted),
      channel: pick(CHANNELS),
      category,
      subject: pick(SUBJECTS),
      committee: pick(COMMITTEES),
      complex,
      limitDays: String(limitDays),
      dueAt: fmt(due),
      firstContact: rnd() < 0.9 ? "是" : rnd() < 0.8 ? "否" : "",
      returns: String(rnd() < 0.05 ? 1 : 0),
      status: closed === undefined ? "处理中" : "已结案",
      closedAt: closed === undefined ? "" : fmt(closed),
      closure: closed === undefined ? "" : pick(CLOSURES),
      verification: closed === undefined ? "" : rnd() < 0.04 ? "不属实" : "属实",
      rating: closed === undefined ? "" : pick(RATINGS)
    }
    buf.push(Urban.HotlineOrder.columns.map((c) => row[c.field] ?? "").join(","))
    if (buf.length === 10000) {
      if (!out.write(buf.join("\r\n") + "\r\n")) await new Promise<void>((r) => out.once("drain", () => r()))
      buf = []
    }
  }
  if (buf.length > 0) out.write(buf.join("\r\n") + "\r\n")
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())))
}

const govplan = async (path: string, variant: string | undefined) => {
  const schema = (variant === "civil" ? civilTyped : Urban.HotlineOrder.schema) as Schema.Schema<object, object>
  const t0 = performance.now()
  const load = CsvSource.load(path, { schema, mapping, ...(process.env.BENCH_CSV_CHUNK ? { chunkBytes: Number(process.env.BENCH_CSV_CHUNK) } : {}), policy: ErrorPolicy.collect({ keep: 20 }) })
  await evaluateAndPrint(load, t0)
}

const papaparse = async (path: string, piece: number) => {
  const t0 = performance.now()
  let rows = 0
  const stream = createReadStream(path, { highWaterMark: piece })
  stream.setEncoding("utf8")
  await new Promise<void>((resolve, reject) =>
    Papa.parse(stream as unknown as File, {
      chunk: (r: { data: Array<unknown> }) => {
        rows += r.data.length
      },
      complete: () => resolve(),
      error: (e: unknown) => reject(e)
    })
  )
  const seconds = (performance.now() - t0) / 1000
  console.log(JSON.stringify({ seconds, rows: rows - 1, piece, maxRssMB: process.resourceUsage().maxRSS / 1024 }))
}

if (mode === "papaparse") await papaparse(file!, rowsArg === undefined ? 1 << 20 : Number(rowsArg))
else if (mode === "generate") await generate(file!, Number(rowsArg))
else if (mode === "govplan") await govplan(file!, rowsArg)
else {
  console.error(`unknown mode ${mode}`)
  process.exit(2)
}
