/**
 * The linter's rules over what internal/docx.ts read: each looks at the sections, the footers or the
 * paragraphs by their detected role, and returns findings that say where (part, section, paragraph,
 * excerpt) and which clause of GB/T 9704-2012.
 */
import * as G from "../Gbt9704.js"
import type * as D from "./docx.js"
import * as L from "./lintLayout.js"
import * as X from "./xml.js"
import type { Engine, Finding, Layout, RuleId, RuleInfo, Severity, Where } from "../Lint.js"

export type { Engine, Finding, Layout, RuleId, RuleInfo, Severity, Where }




export const RULES: { readonly [R in RuleId]: RuleInfo } = {
  "page-size": { clause: "5.1", severity: "error", summary: "A4 paper, 210 × 297 mm", fixable: true },
  "margins": { clause: "5.2.1", severity: "error", summary: "margins 37/35/28/26 mm (top, bottom, left, right) ± 1 mm", fixable: true },
  "type-area": { clause: "5.2.1", severity: "error", summary: "type area (版心) 156 × 225 mm ± 1 mm", fixable: true },
  "lines-per-page": { clause: "5.2.3", severity: "error", summary: "22 lines per page from the body's line spacing and the document grid", fixable: true },
  "chars-per-line": { clause: "5.2.3", severity: "error", summary: "28 characters per line from the body size, character spacing and grid", fixable: true },
  "title-font": { clause: "7.3.1", severity: "error", summary: "title in 2号小标宋", fixable: true },
  "heading-order": { clause: "7.3.3", severity: "error", summary: "headings 一、 → （一） → 1. → （1）, in order, no level skipped", fixable: false },
  "heading-font": { clause: "7.3.3", severity: "error", summary: "headings in 3号 黑体 / 楷体 / 仿宋 / 仿宋 by level", fixable: true },
  "body-font": { clause: "7.3.3", severity: "error", summary: "body text in 3号仿宋", fixable: true },
  "page-number-form": { clause: "7.5", severity: "error", summary: "page numbers \"— N —\" (a PAGE field between em dashes)", fixable: true },
  "page-number-font": { clause: "7.5", severity: "error", summary: "page numbers in 4号 半角宋体", fixable: true },
  "page-number-position": { clause: "7.5", severity: "error", summary: "page numbers right on odd pages and left on even pages, 空一字", fixable: true },
  "copy-number": { clause: "7.2.1", severity: "error", summary: "份号 of 6 Arabic digits", fixable: false },
  "classification": { clause: "7.2.2", severity: "error", summary: "密级和保密期限 as 绝密/机密/秘密[★N年], 3号黑体", fixable: false },
  "urgency": { clause: "7.2.3", severity: "error", summary: "紧急程度 特急 or 加急, 3号黑体", fixable: false },
  "issuer-mark-red": { clause: "7.2.4", severity: "error", summary: "发文机关标志 in red (文件 layout)", fixable: false },
  "doc-number": { clause: "7.2.5", severity: "error", summary: "发文字号 \"机关代字〔年份〕序号号\": 〔〕, full year, no 第, no leading zero", fixable: false },
  "head-rule-red": { clause: "7.2.7", severity: "error", summary: "a red rule under the 发文字号 (文件 layout)", fixable: false },
  "date-numerals": { clause: "7.3.5.4", severity: "error", summary: "成文日期 in Arabic numerals, full year, no leading zeros", fixable: false },
  "attachment-note": { clause: "7.3.4", severity: "error", summary: "附件说明 \"附件：1.XXX\", full-width colon, no final punctuation", fixable: false },
  "punctuation": { clause: "9", severity: "warning", summary: "full-width punctuation in Chinese text (GB/T 15834)", fixable: false },
  "date-indent": { clause: "7.3.5.2", severity: "error", summary: "成文日期 two characters right of the 署名's first character, the further-right of the two 空二字 (unsealed); or 右空四字 with the 署名 centred over it (sealed, 7.3.5.1)", fixable: true },
  "closing-lines": { clause: "7.4.2, 7.4.3", severity: "error", summary: "版记 lines in 4号仿宋: \"抄送：…。\" right above the 印发 line, 左空一字; 印发机关 左空一字, 印发日期 右空一字 as \"2022年6月10日印发\"", fixable: false },
  "closing-position": { clause: "7.4.1", severity: "error", summary: "版记 last in the document, its last rule on the type area's bottom edge, on an even page (modelled layout)", fixable: false },
  "table-font": { clause: "5.2.2", severity: "warning", summary: "table text in 仿宋 (黑体 or 楷体 for headings), no larger than 3号: the standard's default face and size; tables commonly use 4号 or smaller", fixable: true }
}



// ---------------------------------------------------------------------------------------------------
// roles

export type Role =
  | "copyNumber"
  | "classification"
  | "urgency"
  | "issuerMark"
  | "docNumber"
  | "title"
  | "heading1"
  | "heading2"
  | "heading3"
  | "heading4"
  | "attachmentNote"
  | "attachmentLabel"
  | "attachmentTitle"
  | "date"
  | "closing"
  | "centered"
  | "body"

export interface Placed {
  readonly p: D.Paragraph
  readonly role: Role
}

export const DOC_NUMBER = /^(\S{1,12}?)\s*([〔\[［【(（{])\s*(\S{2,4}?)\s*([〕\]］】)）}])\s*(第?)\s*([0-9０-９]+)\s*号$/
const DATE = /^([0-9０-９〇○零Ｏ一二三四五六七八九]{2,4})\s*年\s*([0-9０-９一二三四五六七八九十〇]{1,3})\s*月\s*([0-9０-９一二三四五六七八九十〇]{1,3})\s*日$/
const COPY = /^[0-9０-９]{1,8}$/
const CLASSIFIED = /^(绝密|机密|秘密)/
const URGENT = /^(特急|加急|特提|平急|紧急|急件|急)$/
const ATTACHMENT_NOTE = /^附件\s*[：:]/
const ATTACHMENT_LABEL = /^附件\s*[0-9０-９]*$/

const centred = (p: D.Paragraph) => p.props.jc === "center"
const clean = (s: string) => s.replace(/[\s\u3000]+/g, "")

export const headingLevel = (text: string): 1 | 2 | 3 | 4 | undefined => {
  const i = G.HEADING.findIndex((re) => re.test(text))
  return i < 0 ? undefined : ((i + 1) as 1 | 2 | 3 | 4)
}

/** The roles of the non-empty paragraphs outside tables, by position and text. */
export const roles = (pkg: D.Package, layout: Layout): ReadonlyArray<Placed> => {
  const out: Array<Placed> = []
  let phase: "head" | "afterTitle" | "attachment" = "head"
  let markSeen = false
  let afterNote = false
  let afterLabel = false
  for (const p of pkg.paragraphs) {
    if (p.inTable) continue
    const t = clean(p.text)
    if (t === "") continue
    const push = (role: Role) => out.push({ p, role })
    if (phase === "head") {
      const docNo = DOC_NUMBER.test(t.replace(/签发人[：:].*$/, ""))
      if (COPY.test(t)) push("copyNumber")
      else if (CLASSIFIED.test(t) && t.length <= 12) push("classification")
      else if (URGENT.test(t)) push("urgency")
      else if (docNo) push("docNumber")
      else if (layout === "文件" && !markSeen && (/文件$/.test(t) || p.runs.some((r) => isRed(r.props.color) || sizeOf(r.props) > G.ROLE.title.size))) {
        markSeen = true
        push("issuerMark")
      } else {
        phase = "afterTitle"
        push("title")
      }
      continue
    }
    if (ATTACHMENT_LABEL.test(t)) {
      phase = "attachment"
      afterLabel = true
      push("attachmentLabel")
      continue
    }
    if (afterLabel) {
      afterLabel = false
      push("attachmentTitle")
      continue
    }
    if (ATTACHMENT_NOTE.test(t)) {
      afterNote = true
      push("attachmentNote")
      continue
    }
    if (afterNote && /^[0-9０-９]+[.．、]/.test(t)) {
      push("attachmentNote")
      continue
    }
    afterNote = false
    if (DATE.test(t)) {
      push("date")
      continue
    }
    if (layout === "文件" && (/^抄送[：:]/.test(t) || /印发$/.test(t))) {
      push("closing")
      continue
    }
    const level = headingLevel(t)
    if (level !== undefined) {
      push(`heading${level}`)
      continue
    }
    if (centred(p)) {
      push("centered")
      continue
    }
    push("body")
  }
  return out
}

// ---------------------------------------------------------------------------------------------------
// helpers

const excerpt = (text: string, at = 0, n = 16): string => {
  const chars = [...text.replace(/\s+/g, " ").trim()]
  const start = Math.max(0, Math.min(at, chars.length - n))
  return `${start > 0 ? "…" : ""}${chars.slice(start, start + n).join("")}${start + n < chars.length ? "…" : ""}`
}

const sizeName = (half: number): string => {
  const name = Object.entries(G.SIZE).find(([, v]) => v === half)?.[0]
  return `${half / 2} pt${name !== undefined ? ` (${name})` : ""}`
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/
const sizeOf = L.sizeOf

const mm = (twips: number) => `${(twips / G.MM).toFixed(1)} mm`

/** Why a paragraph's text runs are not in the role's family and size, or undefined. */
const fontProblem = (p: D.Paragraph, role: G.Role, runs: ReadonlyArray<D.Run> = p.runs): string | undefined => {
  const want = G.ROLE[role]
  for (const r of runs) {
    if (r.text.trim() === "") continue
    if (CJK.test(r.text)) {
      const family = G.familyOf(r.props.eastAsia ?? "")
      if (family !== want.family) return `"${excerpt(r.text, 0, 8)}" is in ${r.props.eastAsia ?? "no font"}${family !== undefined ? ` (${family})` : ""}, not ${want.family}`
    }
    if (sizeOf(r.props) !== want.size) return `"${excerpt(r.text, 0, 8)}" is ${sizeName(sizeOf(r.props))}, not ${sizeName(want.size)}`
  }
  return undefined
}

const isRed = (color: string | undefined): boolean => {
  if (color === undefined) return false
  const c = color.replace(/^#/, "").toLowerCase()
  if (c === "red") return true
  if (!/^[0-9a-f]{6}$/.test(c)) return false
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(c.slice(i, i + 2), 16)) as [number, number, number]
  return r >= 0xc0 && g <= 0x50 && b <= 0x50
}

const anyRed = (el: X.Element): boolean => {
  for (const k of ["w:color", "strokecolor", "fillcolor", "val", "color"]) if (isRed(el.attrs[k])) return true
  return el.children.some((c) => typeof c !== "string" && anyRed(c))
}

/** A red rule in a paragraph: a red paragraph border, or a drawn line or shape in red. */
const hasRedRule = (p: D.Paragraph): boolean => {
  const pBdr = X.child(X.child(p.el, "w:pPr"), "w:pBdr")
  if (pBdr !== undefined && ["w:top", "w:bottom"].some((s) => isRed(X.child(pBdr, s)?.attrs["w:color"]))) return true
  const drawings: Array<X.Element> = []
  const find = (el: X.Element) => {
    for (const c of el.children) {
      if (typeof c === "string") continue
      if (c.name === "w:drawing" || c.name === "w:pict" || c.name === "mc:AlternateContent") drawings.push(c)
      else find(c)
    }
  }
  find(p.el)
  return drawings.some(anyRed)
}

/** A paragraph's text with a PAGE field (simple or complex) as "#". */
export const fieldText = (p: X.Element): string => {
  let out = ""
  let state: "text" | "instr" | "result" = "text"
  let instr = ""
  let page = false
  const visit = (el: X.Element) => {
    for (const c of el.children) {
      if (typeof c === "string") continue
      if (c.name === "w:fldSimple") {
        if (/\bPAGE\b/.test(c.attrs["w:instr"] ?? "")) out += "#"
        else visit(c)
      } else if (c.name === "w:r") {
        for (const k of c.children) {
          if (typeof k === "string") continue
          if (k.name === "w:fldChar") {
            const t = k.attrs["w:fldCharType"]
            if (t === "begin") {
              state = "instr"
              instr = ""
            } else if (t === "separate") {
              page = /\bPAGE\b/.test(instr)
              if (page) out += "#"
              state = "result"
            } else if (t === "end") {
              if (state === "instr" && /\bPAGE\b/.test(instr)) out += "#"
              state = "text"
            }
          } else if (k.name === "w:instrText") {
            for (const t of k.children) if (typeof t === "string") instr += t
          } else if (k.name === "w:t") {
            if (state === "text" || (state === "result" && !page)) for (const t of k.children) if (typeof t === "string") out += t
          } else if (k.name === "w:tab" && state === "text") out += "\t"
        }
      } else if (c.name !== "w:pPr") visit(c)
    }
  }
  visit(p)
  return out
}

const mode = <T>(xs: ReadonlyArray<T>): T | undefined => {
  const counts = new Map<T, number>()
  let best: T | undefined
  let n = 0
  for (const x of xs) {
    const c = (counts.get(x) ?? 0) + 1
    counts.set(x, c)
    if (c > n) {
      n = c
      best = x
    }
  }
  return best
}

// ---------------------------------------------------------------------------------------------------
// rules

type Emit = (rule: RuleId, message: string, where: Where, engines?: ReadonlyArray<Engine>) => void

const DOC = (pkg: D.Package) => pkg.documentPath
const at = (pkg: D.Package, p: D.Paragraph, offset = 0): Where => ({ part: DOC(pkg), section: p.section, paragraph: p.index, excerpt: excerpt(p.text, offset) })

const pageRules = (pkg: D.Package, emit: Emit) => {
  const tol = G.MM
  const near = (a: number | undefined, b: number, t = tol) => a !== undefined && Math.abs(a - b) <= t
  for (const s of pkg.sections) {
    const where = { part: DOC(pkg), section: s.index }
    const portrait = (s.width ?? 0) <= (s.height ?? 0)
    const [w, h] = portrait ? [s.width, s.height] : [s.height, s.width]
    if (!near(w, G.PAGE.width, 20) || !near(h, G.PAGE.height, 20)) {
      emit("page-size", `paper is ${s.width === undefined ? "undeclared" : `${mm(s.width)} × ${mm(s.height ?? 0)}`}, not A4 210 × 297 mm`, where)
      continue
    }
    if (!portrait) continue // a landscape table page: only the paper is checked
    const m = s.margin
    const bad = (["top", "bottom", "left", "right"] as const).filter((k) => !near(m[k], G.MARGIN[k]))
    if (bad.length > 0) {
      emit("margins", `margins ${bad.map((k) => `${k} ${m[k] === undefined ? "undeclared" : mm(m[k])} (should be ${mm(G.MARGIN[k])})`).join(", ")}`, where)
      continue
    }
    const aw = G.PAGE.width - (m.left ?? 0) - (m.right ?? 0)
    const ah = G.PAGE.height - (m.top ?? 0) - (m.bottom ?? 0)
    if (!near(aw, G.TYPE_AREA.width) || !near(ah, G.TYPE_AREA.height)) {
      emit("type-area", `type area ${mm(aw)} × ${mm(ah)}, not 156 × 225 mm`, where)
    }
  }
}

/**
 * Lines per page and characters per line that the body's declared spacing and the section's grid give,
 * by Word's rule and by LibreOffice's (they differ when a grid is declared).
 */
export const gridCounts = (s: D.Section, body: { line?: number; lineRule?: string; snap: boolean; size: number; spacing: number; normalSize: number }) => {
  const height = G.PAGE.height - (s.margin.top ?? 0) - (s.margin.bottom ?? 0)
  const width = G.PAGE.width - (s.margin.left ?? 0) - (s.margin.right ?? 0)
  const type = s.grid.type ?? "default"
  const lineGrid = type === "lines" || type === "linesAndChars" || type === "snapToChars"
  const charGrid = type === "linesAndChars" || type === "snapToChars"
  const pitchGrid = s.grid.linePitch ?? 360
  // natural single line of a CJK font: about 1.3 em (an approximation of the fonts' ascent + descent)
  const natural = body.size * 10 * 1.3
  const own = body.lineRule === "exact" ? body.line ?? natural
    : body.lineRule === "atLeast" ? Math.max(body.line ?? 0, natural)
    : natural * ((body.line ?? 240) / 240)
  const word = (() => {
    // Word: exact and at-least spacing ignore the grid; auto spacing snaps to whole grid lines
    const pitch = lineGrid && body.snap && body.lineRule !== "exact" && body.lineRule !== "atLeast" ? pitchGrid * Math.max(1, Math.round(((body.line ?? 240) / 240) * 10) / 10) : own
    const cell = charGrid ? body.normalSize * 10 + ((s.grid.charSpace ?? 0) / 4096) * 20 : body.size * 10 + body.spacing
    return { lines: Math.floor(height / pitch), chars: Math.floor(width / cell) }
  })()
  const libre = (() => {
    // LibreOffice: on a grid page every line takes whole grid lines, whatever the spacing (unless snapping is off);
    // a character grid has cells of the Normal size plus charSpace, a glyph takes whole cells, run spacing is ignored
    const pitch = lineGrid && body.snap ? pitchGrid * Math.max(1, Math.ceil(own / pitchGrid - 0.001)) : own
    const cell = body.normalSize * 10 + ((s.grid.charSpace ?? 0) / 4096) * 20
    const chars = charGrid ? Math.floor(width / cell / Math.max(1, Math.ceil(body.size * 10 / cell - 0.001))) : Math.floor(width / (body.size * 10 + body.spacing))
    return { lines: Math.floor(height / pitch), chars }
  })()
  return { word, libre }
}

/** The counts the grid rules judge: the body's lines per page and characters per line, by Word's and LibreOffice's rule. */
export const bodyCounts = (pkg: D.Package, layout: Layout) => {
  let out: ReturnType<typeof gridCounts> | undefined
  gridRules(pkg, roles(pkg, layout), () => {}, (c) => (out = c))
  return out
}

const gridRules = (pkg: D.Package, placed: ReadonlyArray<Placed>, emit: Emit, counted?: (c: ReturnType<typeof gridCounts>) => void) => {
  const body = placed.filter((x) => x.role === "body")
  const normal = (() => {
    const st = pkg.styles
    const id = st.defaultParagraph
    const r = st.byId.get(id ?? "")
    return { size: r?.run.size ?? st.defaultsRun.size ?? 20 }
  })()
  const sectionIndex = body[0]?.p.section ?? 1
  const s = pkg.sections[sectionIndex - 1] ?? pkg.sections[0]
  if (s === undefined) return
  const ps = body.length > 0 ? body.map((b) => b.p) : []
  const runs = ps.flatMap((p) => p.runs.filter((r) => r.text.trim() !== ""))
  const line = mode(ps.map((p) => `${p.props.line ?? ""}|${p.props.lineRule ?? ""}|${p.props.snapToGrid !== false}`)) ?? "||true"
  const [l, rule, snap] = line.split("|")
  const size = mode(runs.map((r) => sizeOf(r.props))) ?? normal.size
  const spacing = mode(runs.map((r) => r.props.spacing ?? 0)) ?? 0
  const counts = gridCounts(s, { ...(l !== "" ? { line: Number(l) } : {}), ...(rule !== "" ? { lineRule: rule! } : {}), snap: snap === "true", size, spacing, normalSize: normal.size })
  counted?.(counts)
  const where = { part: DOC(pkg), section: s.index, ...(ps[0] !== undefined ? { paragraph: ps[0].index, excerpt: excerpt(ps[0].text) } : {}) }
  const declared = `line ${l === "" ? "single" : `${l} twips ${rule}`}, grid ${s.grid.type ?? "none"}${s.grid.linePitch !== undefined ? ` pitch ${s.grid.linePitch}` : ""}${s.grid.charSpace ? ` charSpace ${s.grid.charSpace}` : ""}, ${size / 2} pt, spacing ${spacing} twips`
  const check = (rule: "lines-per-page" | "chars-per-line", key: "lines" | "chars", want: number, noun: string) => {
    const engines: Array<Engine> = []
    if (counts.word[key] !== want) engines.push("Word")
    if (counts.libre[key] !== want) engines.push("LibreOffice")
    if (engines.length === 0) return
    emit(rule, `${noun}: Word ${counts.word[key]}, LibreOffice ${counts.libre[key]}, not ${want} (${declared})`, where, engines)
  }
  check("lines-per-page", "lines", G.GRID.lines, "lines per page")
  check("chars-per-line", "chars", G.GRID.chars, "characters per line")
}

const CN: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 }
const numberOf = (label: string): number => {
  const digits = /\d+/.exec(label)
  if (digits !== null) return Number(digits[0])
  const s = label.replace(/[^一二三四五六七八九十]/g, "")
  if (s === "十") return 10
  const ten = s.indexOf("十")
  if (ten < 0) return CN[s] ?? 0
  return (ten === 0 ? 1 : CN[s[0]!] ?? 0) * 10 + (CN[s[ten + 1] ?? ""] ?? 0)
}
const LABEL = ["一、", "（一）", "1.", "（1）"]

const headingRules = (pkg: D.Package, placed: ReadonlyArray<Placed>, emit: Emit) => {
  let depth = 0
  const last = [0, 0, 0, 0, 0]
  for (const { p, role } of placed) {
    if (role === "attachmentLabel") {
      // an attachment starts its own numbering
      depth = 0
      last.fill(0)
    }
    if (!role.startsWith("heading")) continue
    const level = Number(role.slice(-1)) as 1 | 2 | 3 | 4
    const text = clean(p.text)
    const label = G.HEADING[level - 1]!.exec(text)![0]
    const n = numberOf(label)
    if (level > depth + 1) {
      emit("heading-order", `a level-${level} heading "${label}" with no ${LABEL[level - 2]} level above it`, at(pkg, p))
    } else if (!(n === last[level]! + 1 || (n === 1 && (level >= 3 || level > depth)))) {
      emit("heading-order", `"${label}" follows ${last[level] === 0 ? "no heading of its level" : `number ${last[level]}`} at level ${level}`, at(pkg, p))
    }
    depth = level
    last[level] = n
    for (let k = level + 1; k <= 4; k++) last[k] = 0
    // the label's run: a run-in heading ("一、总体情况。全年……") has body text after it
    const problem = fontProblem(p, role as G.Role, p.runs.filter((r) => r.text.trim() !== "").slice(0, 1))
    if (problem !== undefined) emit("heading-font", `level-${level} heading: ${problem}`, at(pkg, p))
  }
}

const fontRules = (pkg: D.Package, placed: ReadonlyArray<Placed>, emit: Emit) => {
  for (const { p, role } of placed) {
    if (role === "title") {
      const problem = fontProblem(p, "title")
      if (problem !== undefined) emit("title-font", `title: ${problem}`, at(pkg, p))
    } else if (role === "body" || role === "attachmentNote" || role === "date") {
      const problem = fontProblem(p, "body")
      if (problem !== undefined) emit("body-font", problem, at(pkg, p))
    }
  }
}

const headRules = (pkg: D.Package, placed: ReadonlyArray<Placed>, layout: Layout, emit: Emit) => {
  let docNumber: D.Paragraph | undefined
  let mark: D.Paragraph | undefined
  for (const [i, { p, role }] of placed.entries()) {
    const t = clean(p.text)
    if (role === "copyNumber" && !/^\d{6}$/.test(t)) emit("copy-number", `份号 "${t}" is not 6 Arabic digits (e.g. 000001)`, at(pkg, p))
    if (role === "classification") {
      if (!G.HEAD.classification.test(t)) emit("classification", `"${t}" is not 绝密, 机密 or 秘密 with an optional ★ and 保密期限 (e.g. 秘密★1年)`, at(pkg, p))
      else {
        const problem = fontProblem(p, "headLine")
        if (problem !== undefined) emit("classification", `密级: ${problem}`, at(pkg, p))
      }
    }
    if (role === "urgency") {
      if (!G.HEAD.urgency.test(t)) emit("urgency", `紧急程度 "${t}" is neither 特急 nor 加急`, at(pkg, p))
      else {
        const problem = fontProblem(p, "headLine")
        if (problem !== undefined) emit("urgency", `紧急程度: ${problem}`, at(pkg, p))
      }
    }
    if (role === "issuerMark") mark = p
    if (role === "docNumber") docNumber = p
    if (role === "title" && layout === "文件" && i > 0) break
  }
  // 发文字号 wherever it is (a 材料 quoting one too)
  for (const p of pkg.paragraphs) {
    const t = clean(p.text).replace(/签发人[：:].*$/, "")
    const m = DOC_NUMBER.exec(t)
    if (m === null) continue
    const [, , open, year, close, di, serial] = m
    const problems: Array<string> = []
    if (open !== G.HEAD.docNumberBrackets[0] || close !== G.HEAD.docNumberBrackets[1]) problems.push(`year in ${open}${close}, not 〔〕`)
    if (!/^\d{4}$/.test(year!)) problems.push(`year "${year}" is not four Arabic digits`)
    if (di === "第") problems.push(`"第" before the number`)
    if (/^[0０]/.test(serial!)) problems.push(`leading zero in "${serial}"`)
    if (/[０-９]/.test(serial!)) problems.push(`full-width digits in "${serial}"`)
    if (problems.length > 0) emit("doc-number", `发文字号 "${t}": ${problems.join("; ")}`, at(pkg, p))
  }
  if (layout !== "文件") return
  if (mark === undefined) emit("issuer-mark-red", "no 发文机关标志 above the title (文件 layout)", { part: DOC(pkg), section: 1 })
  else {
    const notRed = mark.runs.find((r) => r.text.trim() !== "" && !isRed(r.props.color))
    if (notRed !== undefined) emit("issuer-mark-red", `发文机关标志 in ${notRed.props.color ?? "automatic (black)"}, not red`, at(pkg, mark))
  }
  if (docNumber === undefined) emit("doc-number", "no 发文字号 under the 发文机关标志 (文件 layout)", { part: DOC(pkg), section: 1 })
  else {
    const k = pkg.paragraphs.indexOf(docNumber)
    const near = pkg.paragraphs.slice(k, k + 3)
    if (!near.some(hasRedRule)) emit("head-rule-red", "no red rule under the 发文字号 (a red paragraph border or drawn line)", at(pkg, docNumber))
  }
}

const textRules = (pkg: D.Package, placed: ReadonlyArray<Placed>, emit: Emit) => {
  for (const { p, role } of placed) {
    const t = clean(p.text)
    if (role === "date") {
      if (!/^\d{4}年[1-9]\d?月[1-9]\d?日$/.test(t)) emit("date-numerals", `成文日期 "${t}" is not in Arabic numerals with a full year and no leading zeros (e.g. 2022年6月10日)`, at(pkg, p))
    }
    if (role === "attachmentNote") {
      const problems: Array<string> = []
      const first = ATTACHMENT_NOTE.exec(t)
      if (first !== null && first[0].endsWith(":")) problems.push(`half-width ":" after 附件`)
      const rest = first !== null ? t.slice(first[0].length) : t
      if (/^[0-9０-９]+(、|[（(]|）|\))/.test(rest) || /^[（(][0-9０-９]+[）)]/.test(rest)) problems.push(`item number "${/^[^\u4e00-\u9fff]+/.exec(rest)?.[0] ?? ""}" is not "1." form`)
      if (/[。．.，,；;：:、！!？?]$/.test(t)) problems.push(`ends in "${t.slice(-1)}"`)
      if (problems.length > 0) emit("attachment-note", `附件说明: ${problems.join("; ")}`, at(pkg, p))
    }
    if (role === "docNumber") continue
    const text = role === "attachmentNote" ? p.text.replace(/^\s*附件\s*[:：]/, "") : p.text
    const offset = p.text.length - text.length
    const hit = /[\u3400-\u9fff][,;:?!]|[,;:?!](?=[\u3400-\u9fff])|\((?=[\u3400-\u9fff])|(?<=[\u3400-\u9fff])\)/.exec(text)
    if (hit !== null) {
      const ch = /[,;:?!()]/.exec(hit[0])![0]
      emit("punctuation", `half-width "${ch}" in Chinese text`, at(pkg, p, Math.max(0, [...p.text.slice(0, offset + hit.index)].length - 6)))
    }
  }
}

const pageNumberRules = (pkg: D.Package, emit: Emit) => {
  const seen = new Set<string>()
  const once = (rule: RuleId, message: string, where: Where) => {
    const key = `${rule}|${where.part}|${message}`
    if (seen.has(key)) return
    seen.add(key)
    emit(rule, message, where)
  }
  // GB/T 9704 7.5: the 版记 page (and a blank page before it) carries no page number, so a section
  // that holds nothing but the 版记's lines (抄送…, …印发) may have empty footers
  const closingOnly = (index: number) => {
    const texts = pkg.paragraphs.filter((p) => p.section === index).map((p) => p.text.trim()).filter((t) => t !== "")
    return texts.length > 0 && texts.every((t) => /^抄送[：:]/.test(t) || /印发$/.test(t))
  }
  for (const s of pkg.sections) {
    const closing = closingOnly(s.index)
    for (const side of ["default", "even"] as const) {
      const path = s.footers[side]
      const label = side === "default" ? "odd-page" : "even-page"
      if (path === undefined) {
        if (side === "default" || pkg.evenAndOddHeaders) once("page-number-form", `section ${s.index} has no ${label} footer, so no page number`, { part: DOC(pkg), section: s.index })
        else once("page-number-position", `no even-page footer: even pages repeat the odd pages' right-hand number (turn on different odd and even footers)`, { part: DOC(pkg), section: s.index })
        continue
      }
      const ps = pkg.footers.get(path) ?? []
      const numbered = ps.filter((p) => fieldText(p.el).trim() !== "")
      const p = numbered[0]
      const where: Where = { part: path, section: s.index, ...(p !== undefined ? { paragraph: p.index, excerpt: excerpt(fieldText(p.el)) } : {}) }
      if (p === undefined) {
        if (!closing) once("page-number-form", `the ${label} footer is empty: no page number`, where)
        continue
      }
      const text = fieldText(p.el).trim()
      if (!text.includes("#")) once("page-number-form", `the ${label} footer "${excerpt(text)}" has no PAGE field`, where)
      else if (!/^\u2014 ?# ?\u2014$/.test(text)) once("page-number-form", `the ${label} footer reads "${text.replace("#", "N")}", not "— N —"`, where)
      const bad = p.runs.find((r) => {
        const fam = [r.props.eastAsia, r.props.ascii].map((f) => G.familyOf(f ?? ""))
        return X.child(r.el, "w:t") !== undefined || X.child(r.el, "w:fldChar") !== undefined || X.child(r.el, "w:instrText") !== undefined
          ? sizeOf(r.props) !== G.PAGE_NUMBER.size || fam.some((f) => f !== G.ROLE.pageNumber.family)
          : false
      })
      if (bad !== undefined) {
        once("page-number-font", `the ${label} page number is in ${bad.props.ascii ?? "no font"}/${bad.props.eastAsia ?? "no font"} ${sizeName(sizeOf(bad.props))}, not 宋体 ${sizeName(G.PAGE_NUMBER.size)} in every slot`, where)
      }
      const jc = p.props.jc ?? "left"
      const oneChar = (v: number | undefined) => v !== undefined && v >= 200 && v <= 400
      if (side === "default") {
        if (!(jc === "right" || jc === "end")) once("page-number-position", `odd-page number is ${jc}-aligned, not right`, where)
        else if (!oneChar(p.props.right)) once("page-number-position", `odd-page number not indented one character from the right (right indent ${p.props.right ?? 0} twips, want about ${G.PAGE_NUMBER.indent})`, where)
      } else {
        if (!(jc === "left" || jc === "start")) once("page-number-position", `even-page number is ${jc}-aligned, not left`, where)
        else if (!oneChar(p.props.left)) once("page-number-position", `even-page number not indented one character from the left (left indent ${p.props.left ?? 0} twips, want about ${G.PAGE_NUMBER.indent})`, where)
      }
      if (side === "even" && !pkg.evenAndOddHeaders) once("page-number-position", "different odd and even footers are off (w:evenAndOddHeaders): the even-page footer is never used", { part: "word/settings.xml" })
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// 成文日期 under the 发文机关署名 (7.3.5)

const SIGNATURE_END = /[。！？；，：、:;,.!?]$/

/** The 署名 a 成文日期 sits under: the paragraph right above it (no blank line between), short, without final punctuation. */
export const signatureOf = (placed: ReadonlyArray<Placed>, i: number): Placed | undefined => {
  const date = placed[i]
  const prev = placed[i - 1]
  if (date === undefined || prev === undefined || prev.p.index !== date.p.index - 1 || prev.p.section !== date.p.section) return undefined
  if (prev.role !== "body" && prev.role !== "centered") return undefined
  const t = clean(prev.p.text)
  return [...t].length > 26 || SIGNATURE_END.test(t) ? undefined : prev
}

type Span = { readonly start: number; readonly end: number }

/** Why a 署名 and 成文日期 (or a 成文日期 alone) are not placed as 7.3.5.2 (unsealed) or 7.3.5.1 (sealed) places them. */
export const signOffProblem = (sig: Span | undefined, date: Span, ch: number, width: number): string | undefined => {
  const near = (a: number, b: number) => Math.abs(a - b) <= ch / 2
  const chars = (t: number) => (t / ch).toFixed(1).replace(/\.0$/, "")
  const dateRight = width - date.end
  if (sig === undefined) {
    if (near(dateRight, 2 * ch) || near(dateRight, 4 * ch)) return undefined
    return `成文日期 ends ${chars(dateRight)} characters from the right edge: 2 under an unsealed 署名 (7.3.5.2), 4 when sealed (7.3.5.1)`
  }
  const sigRight = width - sig.end
  const step = date.start - sig.start
  if (near(step, 2 * ch) && near(Math.min(sigRight, dateRight), 2 * ch)) return undefined
  if (near(dateRight, 4 * ch) && near((sig.start + sig.end) / 2, (date.start + date.end) / 2)) return undefined
  return `成文日期 starts ${chars(step)} characters right of the 署名's first (want 2); 署名 ends ${chars(sigRight)}, date ${chars(dateRight)} characters from the right edge (want 2 for the further right: unsealed, 7.3.5.2; or the date 4 from the right under a centred 署名: sealed, 7.3.5.1)`
}

/**
 * The left indents (twips, left-aligned, no first-line indent) that place a 署名 and its 成文日期 as
 * 7.3.5.2 does for an unsealed document (the renderer's placement): 署名 右空二字, the date's first
 * character two characters right of the 署名's; a date longer than that allows 右空二字, the 署名's right
 * space growing to keep the step. Leading spaces in the text are allowed for.
 */
export const signOffIndents = (sig: ReadonlyArray<L.Glyphs> | undefined, date: ReadonlyArray<L.Glyphs>, width: number): { readonly sig?: number; readonly date: number } | undefined => {
  const ch = L.charOf(date)
  const right = width - 2 * ch
  const d = L.measure(date)
  if (d.empty || d.breaks) return undefined
  if (sig === undefined) return { date: right - d.visible - d.lead }
  const m = L.measure(sig)
  if (m.empty || m.breaks) return undefined
  let sigStart = right - m.visible
  let dateStart = sigStart + 2 * ch
  if (dateStart + d.visible > right) {
    dateStart = right - d.visible
    sigStart = dateStart - 2 * ch
  }
  return { sig: sigStart - m.lead, date: dateStart - d.lead }
}

type Line = { readonly props: D.ParaProps; readonly glyphs: ReadonlyArray<L.Glyphs> }

/** The date-indent problem of a 署名 (if any) and 成文日期 set in `glyphs`; "unplaceable" when a line wraps or holds a tab. */
export const dateProblemAfter = (sig: Line | undefined, date: Line, width: number): string => {
  const d = L.placement(date.props, date.glyphs, width)
  if (d === undefined) return "unplaceable"
  const s = sig === undefined ? undefined : L.placement(sig.props, sig.glyphs, width)
  if (sig !== undefined && s === undefined) return "unplaceable"
  return signOffProblem(s, d, L.charOf(date.glyphs), width) ?? "none"
}

/**
 * A section on A4 with the standard's margins: where the placement rules measure (on other paper or
 * margins every position is off, and page-size or margins already says why).
 */
const standardPage = (s: D.Section | undefined): boolean => {
  if (s === undefined) return false
  const near = (a: number | undefined, b: number, t: number) => a !== undefined && Math.abs(a - b) <= t
  const portrait = (s.width ?? 0) <= (s.height ?? 0)
  const [w, h] = portrait ? [s.width, s.height] : [s.height, s.width]
  return near(w, G.PAGE.width, 20) && near(h, G.PAGE.height, 20) && (!portrait || (["top", "bottom", "left", "right"] as const).every((k) => near(s.margin[k], G.MARGIN[k], G.MM)))
}

const dateRules = (pkg: D.Package, placed: ReadonlyArray<Placed>, emit: Emit) => {
  for (const [i, { p, role }] of placed.entries()) {
    if (role !== "date" || p.label !== undefined || !standardPage(pkg.sections[p.section - 1])) continue
    const s = signatureOf(placed, i)
    const problem = dateProblemAfter(s === undefined ? undefined : { props: s.p.props, glyphs: L.glyphsOf(s.p) }, { props: p.props, glyphs: L.glyphsOf(p) }, L.areaWidth(pkg.sections[p.section - 1]))
    if (problem !== "none" && problem !== "unplaceable") emit("date-indent", problem, at(pkg, p))
  }
}

// ---------------------------------------------------------------------------------------------------
// tables (5.2.2: 3号仿宋 unless said otherwise; the standard says nothing else of a table's text)

const TABLE_FAMILIES: ReadonlySet<G.Family> = new Set<G.Family>(["仿宋体", "黑体", "楷体"])
const isClosingText = (t: string) => /^抄送[：:]/.test(t) || /印发$/.test(t)

/** What is wrong with a table run: a face other than 仿宋 (黑体, 楷体 for headings), or a size above 3号. */
export const tableRunProblem = (r: D.Run): { readonly family: boolean; readonly size: boolean } => {
  if (r.text.trim() === "") return { family: false, size: false }
  const family = G.familyOf(r.props.eastAsia ?? "")
  return { family: CJK.test(r.text) && (family === undefined || !TABLE_FAMILIES.has(family)), size: sizeOf(r.props) > G.SIZE.三号 }
}

/** Table paragraphs the table rule looks at: every cell but the 版记's lines, which closing-lines checks. */
export const tableParagraphs = (pkg: D.Package): ReadonlyArray<D.Paragraph> => pkg.paragraphs.filter((p) => p.cell !== undefined && !isClosingText(clean(p.text)))

const tableRules = (pkg: D.Package, emit: Emit) => {
  for (const p of tableParagraphs(pkg)) {
    for (const r of p.runs) {
      const bad = tableRunProblem(r)
      if (!bad.family && !bad.size) continue
      const c = p.cell!
      const what = bad.family ? `"${excerpt(r.text, 0, 8)}" in ${r.props.eastAsia ?? "no font"}, not 仿宋 (or 黑体, 楷体 for headings)` : `"${excerpt(r.text, 0, 8)}" is ${sizeName(sizeOf(r.props))}, larger than 3号`
      emit("table-font", `table ${c.table}, row ${c.row}, cell ${c.column}: ${what} (5.2.2 sets 3号仿宋 as every element's default; tables commonly use 4号 or smaller)`, at(pkg, p))
      break
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// 版记 (7.4): its lines, and where it sits

/** The 版记's paragraphs: the last "…印发" line and the "抄送：" line right above it, if any. */
export const closingOf = (pkg: D.Package): { readonly printing: D.Paragraph; readonly copy?: D.Paragraph; readonly strayCopy?: D.Paragraph } | undefined => {
  const ps = pkg.paragraphs
  let k = ps.length - 1
  while (k >= 0 && !/印发$/.test(clean(ps[k]!.text))) k--
  if (k < 0) return undefined
  let j = k - 1
  while (j >= 0 && clean(ps[j]!.text) === "") j--
  const copy = j >= 0 && /^抄送[：:]/.test(clean(ps[j]!.text)) ? ps[j] : undefined
  const stray = copy === undefined ? ps.slice(0, k).reverse().find((p) => /^抄送[：:]/.test(clean(p.text))) : undefined
  return { printing: ps[k]!, ...(copy !== undefined ? { copy } : {}), ...(stray !== undefined ? { strayCopy: stray } : {}) }
}

const closingLineRules = (pkg: D.Package, emit: Emit) => {
  const closing = closingOf(pkg)
  if (closing === undefined || !standardPage(pkg.sections[closing.printing.section - 1])) return
  const one = G.CLOSING.indent
  const near = (a: number, b: number) => Math.abs(a - b) <= one / 2
  const chars = (t: number) => (t / one).toFixed(1).replace(/\.0$/, "")
  const frame = (p: D.Paragraph) => {
    const typeWidth = L.areaWidth(pkg.sections[p.section - 1])
    return { offset: p.cell?.left ?? 0, width: p.cell?.width ?? typeWidth, typeWidth }
  }
  if (closing.strayCopy !== undefined) emit("closing-lines", "抄送 is not on the line right above the 印发机关和印发日期 (7.4.2)", at(pkg, closing.strayCopy))
  const copy = closing.copy
  if (copy !== undefined) {
    const problems: Array<string> = []
    const t = clean(copy.text)
    const font = fontProblem(copy, "closing")
    if (font !== undefined) problems.push(font)
    if (!t.startsWith("抄送：")) problems.push(`"抄送" followed by "${t[2] ?? ""}", not a full-width colon`)
    if (!t.endsWith("。")) problems.push(`ends in "${t.slice(-1)}", not "。"`)
    const { offset, width, typeWidth } = frame(copy)
    const glyphs = L.glyphsOf(copy)
    const span = L.placement(copy.props, glyphs, width)
    const m = L.measure(glyphs)
    const first = offset + (copy.props.left ?? 0) + (copy.props.firstLine ?? 0) - (copy.props.hanging ?? 0) + m.lead
    const start = span !== undefined ? offset + span.start : first
    if (!near(start, one)) problems.push(`starts ${chars(start)} characters from the left edge, not 1 (左空一字)`)
    else if (span === undefined && !m.breaks) {
      // it wraps: the next lines under the first character after "抄送：", one character in on the right
      const next = offset + (copy.props.left ?? 0)
      if (!near(next, start + 3 * one)) problems.push(`wrapped lines start ${chars(next)} characters from the left edge, not under the first name (4)`)
      const end = offset + width - (copy.props.right ?? 0)
      if (!near(end, typeWidth - one)) problems.push(`lines end ${chars(typeWidth - end)} characters from the right edge, not 1 (右空一字)`)
    }
    if (problems.length > 0) emit("closing-lines", `抄送 (7.4.2): ${problems.join("; ")}`, at(pkg, copy))
  }
  const p = closing.printing
  const problems: Array<string> = []
  const font = fontProblem(p, "closing")
  if (font !== undefined) problems.push(font)
  const t = clean(p.text)
  const date = /([0-9０-９〇○零一二三四五六七八九十]+年[^年]*日)印发$/.exec(t)
  if (date === null || !/^\d{4}年[1-9]\d?月[1-9]\d?日$/.test(date[1]!)) problems.push(`印发日期 "${date?.[1] ?? t}" is not "2022年6月10日印发" (Arabic numerals, full year, no leading zeros)`)
  const { offset, width, typeWidth } = frame(p)
  const glyphs = L.glyphsOf(p)
  const text = glyphs.map((g) => g.text).join("")
  let office: number | undefined
  let end: number | undefined
  if (text.includes("\t")) {
    // 印发机关, a tab, 印发日期: the date ends at a right tab stop (positions count from the text area's left edge)
    const at = text.indexOf("\t")
    const before: Array<L.Glyphs> = []
    const after: Array<L.Glyphs> = []
    let n = 0
    for (const g of glyphs) {
      const cut = Math.max(0, Math.min(g.text.length, at - n))
      if (cut > 0) before.push({ ...g, text: g.text.slice(0, cut) })
      if (g.text.length > cut) after.push({ ...g, text: g.text.slice(cut).replace(/^\t/, "") })
      n += g.text.length
    }
    const b = L.measure(before)
    const a = L.measure(after)
    const left = (p.props.left ?? 0) + (p.props.firstLine ?? 0) - (p.props.hanging ?? 0)
    office = offset + left + b.lead
    const stop = (p.props.tabs ?? []).find((s) => s.pos > left + b.lead + b.visible)
    if (stop !== undefined && !a.breaks) end = offset + (stop.val === "right" || stop.val === "end" ? stop.pos : stop.val === "center" ? stop.pos + a.visible / 2 : stop.pos + a.lead + a.visible)
  } else {
    const span = L.placement(p.props, glyphs, width)
    if (span !== undefined) {
      office = offset + span.start
      end = offset + span.end
    }
  }
  if (office !== undefined && !near(office, one)) problems.push(`印发机关 starts ${chars(office)} characters from the left edge, not 1 (左空一字)`)
  if (end === undefined) problems.push("印发日期 not set against the right edge (a right tab stop or right alignment)")
  else if (!near(end, typeWidth - one)) problems.push(`印发日期 ends ${chars(typeWidth - end)} characters from the right edge, not 1 (右空一字)`)
  if (problems.length > 0) emit("closing-lines", `印发机关和印发日期 (7.4.3): ${problems.join("; ")}`, at(pkg, p))
}

/** The body-level block (a paragraph, or the table around a cell) holding a paragraph. */
const blockOf = (pkg: D.Package, p: D.Paragraph): X.Element | undefined => {
  const body = X.child(pkg.document.root, "w:body")
  for (const c of body?.children ?? []) {
    if (typeof c === "string") continue
    if (c === p.el) return c
    if (c.name === "w:tbl" && contains(c, p.el)) return c
  }
  return undefined
}

const contains = (root: X.Element, el: X.Element): boolean => root.children.some((c) => typeof c !== "string" && (c === el || contains(c, el)))

/** The thickness of the rule under a block, twips: a table's bottom border or a paragraph's (w:sz in eighths of a point). */
const ruleUnder = (block: X.Element): number => {
  const border = block.name === "w:tbl" ? X.child(X.child(X.child(block, "w:tblPr"), "w:tblBorders"), "w:bottom") : X.child(X.child(X.child(block, "w:pPr"), "w:pBdr"), "w:bottom")
  const sz = Number(border?.attrs["w:sz"] ?? 0)
  return border === undefined || border.attrs["w:val"] === "nil" || border.attrs["w:val"] === "none" || !Number.isFinite(sz) ? 0 : (sz / 8) * 20
}

const closingPositionRules = (pkg: D.Package, emit: Emit) => {
  const closing = closingOf(pkg)
  if (closing === undefined) return
  const p = closing.printing
  const after = pkg.paragraphs.slice(p.index).find((q) => clean(q.text) !== "")
  if (after !== undefined) emit("closing-position", "text after the 版记: the 版记 ends the document, its last rule on the last page's type area (7.4.1)", at(pkg, after))
  if (!standardPage(pkg.sections[p.section - 1])) return
  const block = blockOf(pkg, p)
  const mark = block === undefined ? undefined : L.paginate(pkg).get(block)
  if (block === undefined || mark === undefined) return
  const s = pkg.sections[p.section - 1]
  const height = L.areaHeight(s)
  const bottom = mark.y + ruleUnder(block)
  // Word sets a section's last page against the bottom when the section says so (w:vAlign bottom); LibreOffice does not
  const gaps: Record<Engine, number> = { Word: s?.vAlign === "bottom" ? 0 : height - bottom, LibreOffice: height - bottom }
  const engines = (["Word", "LibreOffice"] as const).filter((e) => Math.abs(gaps[e]) > G.LINE / 2)
  if (engines.length > 0) {
    const show = (g: number) => (g >= 0 ? `${mm(g)} above` : `${mm(-g)} below`)
    emit("closing-position", `the 版记's last rule sits ${engines.map((e) => `${show(gaps[e])} the type area's bottom edge in ${e}`).join(", ")}, not on it (modelled layout)`, at(pkg, p), engines)
  }
  if (mark.page % 2 === 1) {
    const sure = s?.start === "oddPage"
    emit("closing-position", `the 版记 is on page ${mark.page}, an odd page${sure ? " (its section starts on an odd page)" : " (modelled pagination)"}: the last page is the back of a sheet, an even page (a section starting on an even page does it)`, at(pkg, p))
  }
}

/** Every rule over a package, in document order within a rule. */
export const run = (pkg: D.Package, layout: Layout, only?: ReadonlyArray<RuleId>): ReadonlyArray<Finding> => {
  const out: Array<Finding> = []
  const emit: Emit = (rule, message, where, engines) => {
    if (only !== undefined && !only.includes(rule)) return
    out.push({ rule, clause: RULES[rule].clause, severity: RULES[rule].severity, message, where, ...(engines !== undefined ? { engines } : {}) })
  }
  const placed = roles(pkg, layout)
  pageRules(pkg, emit)
  gridRules(pkg, placed, emit)
  headRules(pkg, placed, layout, emit)
  fontRules(pkg, placed, emit)
  headingRules(pkg, placed, emit)
  textRules(pkg, placed, emit)
  dateRules(pkg, placed, emit)
  tableRules(pkg, emit)
  if (layout === "文件") {
    closingLineRules(pkg, emit)
    closingPositionRules(pkg, emit)
  }
  pageNumberRules(pkg, emit)
  return out
}
