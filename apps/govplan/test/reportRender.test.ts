/**
 * The real summary through LibreOffice: `govplan report` writes the .docx in both layouts (material and
 * `--layout 文件`) from the generated seed data, LibreOffice (headless, private profile, GB font names
 * mapped to free fonts by packages/report-docx/test/fonts.conf) converts them to PDF, and poppler's
 * `pdftotext -bbox-layout` gives every line. Across every line of the body text (3号 lines, page by page
 * and from the last line of a page to the first of the next), no number is broken across a line end:
 * no line ends in a digit (or a digit and ".") with the next starting with a digit, "." or "%".
 * Breaks between a number and its unit ("2021|年") are counted and printed.
 */
import { spawnSync } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

const root = fileURLToPath(new URL("../../../", import.meta.url))
const onPath = (exe: string): boolean => (process.env.PATH ?? "").split(path.delimiter).some((d) => d !== "" && fs.existsSync(path.join(d, exe)))
const have = onPath("soffice") && onPath("pdftotext")
const required = process.env.GOVPLAN_REQUIRE_RENDER === "1"
const MISSING = "LibreOffice not installed (run .ci/render-deps.sh)"
// Without soffice the suite is skipped and says why; with GOVPLAN_REQUIRE_RENDER=1 (CI) it runs and fails.
const skip = !have && !required
if (skip) console.log(`skipped: ${MISSING}`)

/** The type area's bottom edge in points: A4 297 mm less the 35 mm bottom margin. */
const AREA_BOTTOM = ((297 - 35) * 72) / 25.4

interface Line { readonly page: number; readonly yMin: number; readonly yMax: number; readonly text: string }

const linesOf = (html: string): ReadonlyArray<Line> =>
  html.split("<page ").slice(1).flatMap((chunk, page) =>
    [...chunk.matchAll(/<line xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(.*?)<\/line>/gs)].map((m) => ({
      page: page + 1,
      yMin: Number(m[1]),
      yMax: Number(m[2]),
      text: [...m[3]!.matchAll(/<word[^>]*>([^<]*)<\/word>/g)].map((w) => w[1]!).join("").replace(/&amp;/g, "&")
    }))
  )

/** A line of 3号 body text (not a table cell's 小四, a caption's 四号 or the page number). */
const isBodyLine = (l: Line) => Math.abs(l.yMax - l.yMin - 20.8) < 1.5 && l.yMin < AREA_BOTTOM

const UNIT = "年月日个次家场项人万亿元户名件处"

interface Break { readonly page: number; readonly at: string }

/** The body's line ends that split a number ("20|22", "83.|1%", "100|%"), and those between a number and its unit. */
const breaks = (lines: ReadonlyArray<Line>) => {
  const body = lines.filter(isBodyLine)
  const inside: Array<Break> = []
  const unit: Array<Break> = []
  for (let i = 0; i + 1 < body.length; i++) {
    const [a, b] = [body[i]!.text, body[i + 1]!.text]
    const at = { page: body[i]!.page, at: `…${a.slice(-10)}|${b.slice(0, 10)}…` }
    if (/[0-9]\.?$/.test(a) && /^[0-9.,%]/.test(b)) inside.push(at)
    else if (/[0-9]$/.test(a) && new RegExp(`^[${UNIT}]`).test(b)) unit.push(at)
  }
  return { body: body.length, inside, unit }
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "govplan-report-render-"))
const LAYOUTS = { material: [], 文件: ["--layout", "文件"] } as const
const measured: Record<string, ReturnType<typeof breaks>> = {}

describe.skipIf(skip)(skip ? `skipped: ${MISSING}` : "govplan report through LibreOffice: numbers stay whole", () => {
  beforeAll(() => {
    if (!have) throw new Error(`GOVPLAN_REQUIRE_RENDER=1 requires the render test, but soffice or pdftotext is missing: ${MISSING}`)
    const data = path.join(tmp, "data")
    const docs: Array<string> = []
    for (const [name, args] of Object.entries(LAYOUTS)) {
      const out = path.join(tmp, name)
      const r = spawnSync(process.execPath, ["apps/govplan/bin/govplan.js", "report", "--data", data, ...args, "--out", out], { cwd: root, encoding: "utf8" })
      if (r.status !== 0) throw new Error(`govplan report ${args.join(" ")} failed: ${r.stderr}`)
      const file = fs.readdirSync(out).find((f) => f.endsWith(".docx"))!
      fs.copyFileSync(path.join(out, file), path.join(tmp, `${name}.docx`))
      docs.push(path.join(tmp, `${name}.docx`))
    }
    const fonts = path.join(root, "packages/report-docx/test/fonts.conf")
    const r = spawnSync("soffice", [`-env:UserInstallation=file://${path.join(tmp, "profile")}`, "--headless", "--norestore", "--convert-to", "pdf", "--outdir", tmp, ...docs], {
      env: { ...process.env, FONTCONFIG_FILE: fonts, HOME: tmp },
      encoding: "utf8",
      timeout: 180_000
    })
    for (const name of Object.keys(LAYOUTS)) {
      const pdf = path.join(tmp, `${name}.pdf`)
      if (!fs.existsSync(pdf)) throw new Error(`LibreOffice did not write ${pdf}: ${r.stdout} ${r.stderr}`)
      const html = path.join(tmp, `${name}.html`)
      const t = spawnSync("pdftotext", ["-bbox-layout", pdf, html], { encoding: "utf8" })
      if (t.status !== 0) throw new Error(`pdftotext failed: ${t.stderr}`)
      measured[name] = breaks(linesOf(fs.readFileSync(html, "utf8")))
    }
  }, 240_000)

  afterAll(() => {
    if (process.env.GOVPLAN_KEEP_RENDER !== "1") fs.rmSync(tmp, { recursive: true, force: true })
    else console.log(`render output kept in ${tmp}`)
  })

  for (const name of Object.keys(LAYOUTS)) {
    it(`${name}: no line of the body ends inside a number, date or percentage`, () => {
      const m = measured[name]!
      console.log(`${name}: ${m.body} body lines, ${m.inside.length} broken inside a number, ${m.unit.length} between a number and its unit${m.unit.length > 0 ? `: ${m.unit.map((b) => `p${b.page} ${b.at}`).join("  ")}` : ""}`)
      // a summary's worth of body text, so the check has lines to judge
      expect(m.body).toBeGreaterThan(100)
      expect(m.inside.map((b) => `page ${b.page}: ${b.at}`)).toEqual([])
    })
  }
})
