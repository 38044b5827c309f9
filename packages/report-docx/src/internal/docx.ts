/**
 * What a .docx declares, read for the linter: the parts (unzipped with fflate), styles with their
 * inheritance resolved (docDefaults → basedOn chain → direct formatting), sections with page,
 * margins, grid and footers, and every paragraph in document order with its text and runs.
 */
import { strFromU8, unzipSync } from "fflate"
import * as X from "./xml.js"

export interface RunProps {
  readonly eastAsia?: string
  readonly ascii?: string
  /** half-points */
  readonly size?: number
  readonly color?: string
  /** twips */
  readonly spacing?: number
}

export interface ParaProps {
  readonly jc?: string
  readonly firstLine?: number
  readonly hanging?: number
  readonly left?: number
  readonly right?: number
  readonly line?: number
  readonly lineRule?: string
  readonly snapToGrid?: boolean
  /** Space before and after, twips. */
  readonly before?: number
  readonly after?: number
  readonly pageBreakBefore?: boolean
  /** Word's list numbering (w:numPr), from the paragraph or its style. */
  readonly numId?: string
  readonly ilvl?: number
  /** Tab stops set (w:tabs), twips from the text area's left edge; `clear` ones removed. */
  readonly tabs?: ReadonlyArray<{ readonly val: string; readonly pos: number }>
}

export interface Run {
  readonly text: string
  readonly props: RunProps
  readonly el: X.Element
}

/** Where a table cell's paragraph sits: table (1-based, document order), row, column, and the cell's text area in twips from the type area's left edge. */
export interface Cell {
  readonly table: number
  readonly row: number
  readonly column: number
  readonly left: number
  readonly width: number
}

export interface Paragraph {
  /** 1-based, in document order, table cells included. */
  readonly index: number
  /** 1-based. */
  readonly section: number
  /** The text, after the label Word's list numbering gives it (`label`), if any. */
  readonly text: string
  /** The label of Word's automatic numbering ("一、", "（一）"), from numbering.xml's level text. */
  readonly label?: string
  readonly cell?: Cell
  readonly inTable: boolean
  readonly props: ParaProps
  readonly runs: ReadonlyArray<Run>
  readonly el: X.Element
}

export interface Section {
  readonly index: number
  readonly el: X.Element
  readonly width?: number
  readonly height?: number
  readonly margin: { readonly top?: number; readonly bottom?: number; readonly left?: number; readonly right?: number; readonly footer?: number }
  readonly grid: { readonly type?: string; readonly linePitch?: number; readonly charSpace?: number }
  /** How the section starts (w:type): nextPage (the default), evenPage, oddPage, continuous, nextColumn. */
  readonly start: string
  /** Vertical alignment of the text on its pages (w:vAlign): top (the default), center, both, bottom. */
  readonly vAlign: string
  /** Footer part names by type (default, even, first), inherited from earlier sections. */
  readonly footers: Readonly<Record<string, string>>
}

export interface Package {
  readonly files: Record<string, Uint8Array>
  readonly parts: Map<string, X.Document>
  readonly document: X.Document
  readonly documentPath: string
  readonly styles: Styles
  readonly sections: ReadonlyArray<Section>
  readonly paragraphs: ReadonlyArray<Paragraph>
  readonly evenAndOddHeaders: boolean
  /** Footer part name → its paragraphs. */
  readonly footers: ReadonlyMap<string, ReadonlyArray<Paragraph>>
}

export type Opened = { readonly _tag: "Package"; readonly pkg: Package } | { readonly _tag: "Error"; readonly reason: "NotAZip" | "NotADocx" | "BadXml"; readonly message: string }

const num = (s: string | undefined): number | undefined => {
  if (s === undefined) return undefined
  const n = Number(s)
  return Number.isFinite(n) ? n : undefined
}

const onOff = (el: X.Element | undefined): boolean | undefined => {
  if (el === undefined) return undefined
  const v = el.attrs["w:val"]
  return !(v === "0" || v === "false" || v === "off")
}

// ---------------------------------------------------------------------------------------------------
// styles

interface Theme { readonly minorLatin: string | undefined; readonly minorEa: string | undefined; readonly majorLatin: string | undefined; readonly majorEa: string | undefined }

const themeFont = (theme: Theme, name: string | undefined): string | undefined => {
  if (name === undefined) return undefined
  const major = name.startsWith("major")
  const ea = /EastAsia/.test(name)
  const f = major ? (ea ? theme.majorEa : theme.majorLatin) : ea ? theme.minorEa : theme.minorLatin
  return f ?? `(theme ${name})`
}

const readTheme = (doc: X.Document | undefined): Theme => {
  const scheme = X.child(X.child(doc?.root, "a:themeElements"), "a:fontScheme")
  const font = (which: string) => {
    const f = X.child(scheme, which)
    const ea = X.child(f, "a:ea")?.attrs["typeface"]
    const hans = X.children(f, "a:font").find((e) => e.attrs["script"] === "Hans")?.attrs["typeface"]
    return { latin: X.child(f, "a:latin")?.attrs["typeface"], ea: ea !== undefined && ea !== "" ? ea : hans }
  }
  const minor = font("a:minorFont")
  const major = font("a:majorFont")
  return { minorLatin: minor.latin, minorEa: minor.ea, majorLatin: major.latin, majorEa: major.ea }
}

/** The run properties an rPr sets (undefined where it says nothing). */
export const runPropsOf = (rPr: X.Element | undefined, theme: Theme): RunProps => {
  if (rPr === undefined) return {}
  const f = X.child(rPr, "w:rFonts")
  const out: { -readonly [K in keyof RunProps]: RunProps[K] } = {}
  if (f !== undefined) {
    const ea = f.attrs["w:eastAsiaTheme"] !== undefined ? themeFont(theme, f.attrs["w:eastAsiaTheme"]) : f.attrs["w:eastAsia"]
    const ascii = f.attrs["w:asciiTheme"] !== undefined ? themeFont(theme, f.attrs["w:asciiTheme"]) : f.attrs["w:ascii"]
    if (ea !== undefined) out.eastAsia = ea
    if (ascii !== undefined) out.ascii = ascii
  }
  const sz = num(X.val(rPr, ["w:sz"]))
  if (sz !== undefined) out.size = sz
  const color = X.val(rPr, ["w:color"])
  if (color !== undefined) out.color = color
  const sp = num(X.val(rPr, ["w:spacing"]))
  if (sp !== undefined) out.spacing = sp
  return out
}

export const paraPropsOf = (pPr: X.Element | undefined): ParaProps => {
  if (pPr === undefined) return {}
  const out: { -readonly [K in keyof ParaProps]: ParaProps[K] } = {}
  const jc = X.val(pPr, ["w:jc"])
  if (jc !== undefined) out.jc = jc
  const ind = X.child(pPr, "w:ind")
  if (ind !== undefined) {
    const firstLine = num(ind.attrs["w:firstLine"])
    const hanging = num(ind.attrs["w:hanging"])
    const left = num(ind.attrs["w:left"] ?? ind.attrs["w:start"])
    const right = num(ind.attrs["w:right"] ?? ind.attrs["w:end"])
    if (firstLine !== undefined) out.firstLine = firstLine
    if (hanging !== undefined) out.hanging = hanging
    if (left !== undefined) out.left = left
    if (right !== undefined) out.right = right
    const chars = (k: string) => num(ind.attrs[k])
    // character units (1/100 character of 3号 body text, 320 twips): what Word writes for "2 字符"
    const lc = chars("w:leftChars") ?? chars("w:startChars")
    const rc = chars("w:rightChars") ?? chars("w:endChars")
    const fc = chars("w:firstLineChars")
    if (lc !== undefined && lc !== 0) out.left = (lc / 100) * 320
    if (rc !== undefined && rc !== 0) out.right = (rc / 100) * 320
    if (fc !== undefined && fc !== 0) out.firstLine = (fc / 100) * 320
    const hc = chars("w:hangingChars")
    if (hc !== undefined && hc !== 0) out.hanging = (hc / 100) * 320
    // one property, first-line indent, by its sign: setting one side clears the other a style set
    if (out.firstLine !== undefined && out.hanging === undefined) out.hanging = 0
    else if (out.hanging !== undefined && out.firstLine === undefined) out.firstLine = 0
  }
  const sp = X.child(pPr, "w:spacing")
  if (sp !== undefined) {
    const line = num(sp.attrs["w:line"])
    if (line !== undefined) out.line = line
    if (sp.attrs["w:lineRule"] !== undefined) out.lineRule = sp.attrs["w:lineRule"]
    else if (line !== undefined) out.lineRule = "auto"
    const before = num(sp.attrs["w:before"])
    const after = num(sp.attrs["w:after"])
    if (before !== undefined) out.before = before
    if (after !== undefined) out.after = after
  }
  const pbb = onOff(X.child(pPr, "w:pageBreakBefore"))
  if (pbb !== undefined) out.pageBreakBefore = pbb
  const snap = onOff(X.child(pPr, "w:snapToGrid"))
  if (snap !== undefined) out.snapToGrid = snap
  const numPr = X.child(pPr, "w:numPr")
  if (numPr !== undefined) {
    const numId = X.val(numPr, ["w:numId"])
    const ilvl = num(X.val(numPr, ["w:ilvl"]))
    if (numId !== undefined) out.numId = numId
    if (ilvl !== undefined) out.ilvl = ilvl
  }
  const tabs = X.child(pPr, "w:tabs")
  if (tabs !== undefined) {
    out.tabs = X.children(tabs, "w:tab").flatMap((t) => {
      const pos = num(t.attrs["w:pos"])
      return pos === undefined ? [] : [{ val: t.attrs["w:val"] ?? "left", pos }]
    })
  }
  return out
}

/** Tab stops of a style chain and the paragraph: later layers add stops, `clear` removes one at its position. */
const mergeTabs = (layers: ReadonlyArray<ParaProps>): ReadonlyArray<{ readonly val: string; readonly pos: number }> | undefined => {
  let out: Array<{ readonly val: string; readonly pos: number }> | undefined
  for (const l of layers) {
    if (l.tabs === undefined) continue
    out = (out ?? []).filter((t) => !l.tabs!.some((c) => Math.abs(c.pos - t.pos) < 1))
    for (const t of l.tabs) if (t.val !== "clear") out.push(t)
  }
  return out?.sort((a, b) => a.pos - b.pos)
}

interface Style {
  readonly type: string
  readonly basedOn?: string
  readonly run: RunProps
  readonly para: ParaProps
}

export interface Styles {
  readonly theme: Theme
  readonly defaultsRun: RunProps
  readonly defaultsPara: ParaProps
  readonly byId: ReadonlyMap<string, Style>
  readonly defaultParagraph?: string
  readonly defaultCharacter?: string
}

const readStyles = (doc: X.Document | undefined, theme: Theme): Styles => {
  const root = doc?.root
  const defaults = X.child(root, "w:docDefaults")
  const byId = new Map<string, Style>()
  let defaultParagraph: string | undefined
  let defaultCharacter: string | undefined
  for (const s of X.children(root, "w:style")) {
    const id = s.attrs["w:styleId"]
    if (id === undefined) continue
    const type = s.attrs["w:type"] ?? "paragraph"
    const basedOn = X.val(s, ["w:basedOn"])
    byId.set(id, { type, ...(basedOn !== undefined ? { basedOn } : {}), run: runPropsOf(X.child(s, "w:rPr"), theme), para: paraPropsOf(X.child(s, "w:pPr")) })
    if (onOff(s.attrs["w:default"] !== undefined ? X.element("x", { "w:val": s.attrs["w:default"] }) : undefined)) {
      if (type === "paragraph") defaultParagraph = id
      if (type === "character") defaultCharacter = id
    }
  }
  return {
    theme,
    defaultsRun: runPropsOf(X.child(X.child(defaults, "w:rPrDefault"), "w:rPr"), theme),
    defaultsPara: paraPropsOf(X.child(X.child(defaults, "w:pPrDefault"), "w:pPr")),
    byId,
    ...(defaultParagraph !== undefined ? { defaultParagraph } : {}),
    ...(defaultCharacter !== undefined ? { defaultCharacter } : {})
  }
}

/** A style's chain, base first (cycles cut). */
const chain = (styles: Styles, id: string | undefined): Array<Style> => {
  const out: Array<Style> = []
  const seen = new Set<string>()
  let cur = id
  while (cur !== undefined && !seen.has(cur)) {
    seen.add(cur)
    const s = styles.byId.get(cur)
    if (s === undefined) break
    out.unshift(s)
    cur = s.basedOn
  }
  return out
}

const merge = <T extends object>(...layers: ReadonlyArray<T>): T => Object.assign({}, ...layers) as T

const cache = new WeakMap<Styles, Map<string, { run: RunProps; para: ParaProps }>>()

/** Docdefaults and a paragraph style's chain, merged. */
export const paragraphStyle = (styles: Styles, id: string | undefined): { readonly run: RunProps; readonly para: ParaProps } => {
  const key = id ?? styles.defaultParagraph ?? ""
  let m = cache.get(styles)
  if (m === undefined) cache.set(styles, (m = new Map()))
  const hit = m.get(key)
  if (hit !== undefined) return hit
  const ch = chain(styles, key === "" ? undefined : key)
  const layers = [styles.defaultsPara, ...ch.map((s) => s.para)]
  const tabs = mergeTabs(layers)
  const para: ParaProps = merge(...layers)
  const out = { run: merge(styles.defaultsRun, ...ch.map((s) => s.run)), para: tabs !== undefined ? { ...para, tabs } : para }
  m.set(key, out)
  return out
}

export const characterStyle = (styles: Styles, id: string | undefined): RunProps => merge({}, ...chain(styles, id).map((s) => s.run))

// ---------------------------------------------------------------------------------------------------
// paragraphs

const runText = (r: X.Element): string => {
  let s = ""
  for (const c of r.children) {
    if (typeof c === "string") continue
    switch (c.name) {
      case "w:t":
        for (const t of c.children) if (typeof t === "string") s += t
        break
      case "w:tab":
      case "w:ptab":
        s += "\t"
        break
      case "w:br":
      case "w:cr":
        s += "\n"
        break
      case "w:noBreakHyphen":
        s += "-"
        break
    }
  }
  return s
}

/** The runs of a paragraph (into hyperlinks, fields, insertions, smart tags, content controls; not deletions). */
const runsOf = (p: X.Element, out: Array<X.Element> = []): Array<X.Element> => {
  for (const c of p.children) {
    if (typeof c === "string") continue
    if (c.name === "w:r") out.push(c)
    else if (c.name === "w:hyperlink" || c.name === "w:fldSimple" || c.name === "w:ins" || c.name === "w:smartTag" || c.name === "w:customXml" || c.name === "w:sdtContent" || c.name === "w:sdt") runsOf(c, out)
  }
  return out
}

// ---------------------------------------------------------------------------------------------------
// Word's list numbering (numbering.xml): the label a numbered paragraph shows

interface Level { readonly start: number; readonly fmt: string; readonly text: string }
interface Numbering {
  readonly abstracts: ReadonlyMap<string, ReadonlyMap<number, Level>>
  readonly nums: ReadonlyMap<string, { readonly abstract: string; readonly starts: ReadonlyMap<number, number> }>
}

const readNumbering = (doc: X.Document | undefined): Numbering => {
  const abstracts = new Map<string, Map<number, Level>>()
  for (const a of X.children(doc?.root, "w:abstractNum")) {
    const levels = new Map<number, Level>()
    for (const l of X.children(a, "w:lvl")) {
      levels.set(num(l.attrs["w:ilvl"]) ?? 0, { start: num(X.val(l, ["w:start"])) ?? 1, fmt: X.val(l, ["w:numFmt"]) ?? "decimal", text: X.val(l, ["w:lvlText"]) ?? "" })
    }
    abstracts.set(a.attrs["w:abstractNumId"] ?? "", levels)
  }
  const nums = new Map<string, { abstract: string; starts: Map<number, number> }>()
  for (const n of X.children(doc?.root, "w:num")) {
    const starts = new Map<number, number>()
    for (const o of X.children(n, "w:lvlOverride")) {
      const start = num(X.val(o, ["w:startOverride"]))
      if (start !== undefined) starts.set(num(o.attrs["w:ilvl"]) ?? 0, start)
    }
    nums.set(n.attrs["w:numId"] ?? "", { abstract: X.val(n, ["w:abstractNumId"]) ?? "", starts })
  }
  return { abstracts, nums }
}

const CN_DIGIT = "〇一二三四五六七八九"
const chineseCount = (n: number): string => {
  if (n <= 0 || n >= 100) return String(n)
  const tens = Math.floor(n / 10)
  const ones = n % 10
  return `${tens === 0 ? "" : `${tens === 1 ? "" : CN_DIGIT[tens]}十`}${ones === 0 ? "" : CN_DIGIT[ones]}`
}

/** A number in a level's numFmt (the formats government documents use; others as decimal). */
export const formatNumber = (n: number, fmt: string): string => {
  switch (fmt) {
    case "chineseCounting":
    case "chineseCountingThousand":
    case "japaneseCounting":
    case "taiwaneseCounting":
      return chineseCount(n)
    case "ideographDigital":
    case "taiwaneseDigital":
      return [...String(n)].map((d) => CN_DIGIT[Number(d)]).join("")
    case "decimalFullWidth":
    case "decimalFullWidth2":
      return [...String(n)].map((d) => String.fromCharCode(0xff10 + Number(d))).join("")
    case "decimalZero":
      return n < 10 ? `0${n}` : String(n)
    case "none":
    case "bullet":
      return ""
    default:
      return String(n)
  }
}

/**
 * Numbering state over the document: counters per abstract list (num instances of one abstract list
 * continue each other's count, as in Word, unless a startOverride restarts it), deeper levels restarting
 * after a higher one.
 */
const numberer = (numbering: Numbering) => {
  const counters = new Map<string, Array<number | undefined>>()
  const started = new Set<string>()
  return (props: ParaProps): string | undefined => {
    if (props.numId === undefined || props.numId === "0") return undefined
    const n = numbering.nums.get(props.numId)
    const levels = n === undefined ? undefined : numbering.abstracts.get(n.abstract)
    if (n === undefined || levels === undefined) return undefined
    const ilvl = props.ilvl ?? 0
    const level = levels.get(ilvl)
    if (level === undefined) return undefined
    const counts = counters.get(n.abstract) ?? []
    counters.set(n.abstract, counts)
    if (!started.has(props.numId)) {
      started.add(props.numId)
      for (const [l, start] of n.starts) counts[l] = start - 1
    }
    counts[ilvl] = counts[ilvl] === undefined ? level.start : counts[ilvl]! + 1
    for (let k = ilvl + 1; k < counts.length; k++) counts[k] = undefined
    if (level.fmt === "bullet") return level.text
    return level.text.replace(/%([1-9])/g, (_, k: string) => {
      const i = Number(k) - 1
      const l = levels.get(i)
      return formatNumber(counts[i] ?? l?.start ?? 1, l?.fmt ?? "decimal")
    })
  }
}

const makeParagraph = (styles: Styles, el: X.Element, index: number, section: number, cell: Cell | undefined, label: (props: ParaProps) => string | undefined): Paragraph => {
  const pPr = X.child(el, "w:pPr")
  const base = paragraphStyle(styles, X.val(pPr, ["w:pStyle"]))
  const direct = paraPropsOf(pPr)
  const tabs = mergeTabs([base.para, direct])
  const props: ParaProps = { ...merge(base.para, direct), ...(tabs !== undefined ? { tabs } : {}) }
  const defaultChar = styles.defaultCharacter !== undefined ? characterStyle(styles, styles.defaultCharacter) : {}
  const runs: Array<Run> = []
  let text = ""
  for (const r of runsOf(el)) {
    const rPr = X.child(r, "w:rPr")
    const charStyle = X.val(rPr, ["w:rStyle"])
    const rp = merge(base.run, defaultChar, charStyle !== undefined ? characterStyle(styles, charStyle) : {}, runPropsOf(rPr, styles.theme))
    const t = runText(r)
    text += t
    runs.push({ text: t, props: rp, el: r })
  }
  const numbered = label(props)
  return { index, section, text: numbered !== undefined ? numbered + text : text, ...(numbered !== undefined ? { label: numbered } : {}), inTable: cell !== undefined, ...(cell !== undefined ? { cell } : {}), props, runs, el }
}

const readSection = (el: X.Element, index: number, previous: Section | undefined, rels: ReadonlyMap<string, string>): Section => {
  const pgSz = X.child(el, "w:pgSz")
  const pgMar = X.child(el, "w:pgMar")
  const grid = X.child(el, "w:docGrid")
  const footers: Record<string, string> = { ...(previous?.footers ?? {}) }
  for (const ref of X.children(el, "w:footerReference")) {
    const target = rels.get(ref.attrs["r:id"] ?? "")
    if (target !== undefined) footers[ref.attrs["w:type"] ?? "default"] = target
  }
  const o = <T>(k: string, v: T | undefined) => (v === undefined ? {} : { [k]: v })
  return {
    index,
    el,
    ...o("width", num(pgSz?.attrs["w:w"])),
    ...o("height", num(pgSz?.attrs["w:h"])),
    margin: {
      ...o("top", num(pgMar?.attrs["w:top"])),
      ...o("bottom", num(pgMar?.attrs["w:bottom"])),
      ...o("left", num(pgMar?.attrs["w:left"])),
      ...o("right", num(pgMar?.attrs["w:right"])),
      ...o("footer", num(pgMar?.attrs["w:footer"]))
    },
    grid: { ...o("type", grid?.attrs["w:type"]), ...o("linePitch", num(grid?.attrs["w:linePitch"])), ...o("charSpace", num(grid?.attrs["w:charSpace"])) },
    start: X.val(el, ["w:type"]) ?? "nextPage",
    vAlign: X.val(el, ["w:vAlign"]) ?? "top",
    footers
  }
}

/** A table's cells: their text area (twips from the containing text area's left edge) by row and column. */
const cellsOf = (tbl: X.Element, table: number, outer: Cell | undefined) => {
  const tblPr = X.child(tbl, "w:tblPr")
  const dxa = (el: X.Element | undefined) => (el === undefined || (el.attrs["w:type"] ?? "dxa") !== "dxa" ? undefined : num(el.attrs["w:w"]))
  const indent = dxa(X.child(tblPr, "w:tblInd")) ?? 0
  const margins = (el: X.Element | undefined, fallback: { left: number; right: number }) => ({
    left: dxa(X.child(el, "w:left") ?? X.child(el, "w:start")) ?? fallback.left,
    right: dxa(X.child(el, "w:right") ?? X.child(el, "w:end")) ?? fallback.right
  })
  // Word's Normal Table style: 0.19 cm (108 twips) each side
  const byTable = margins(X.child(tblPr, "w:tblCellMar"), { left: 108, right: 108 })
  const grid = X.children(X.child(tbl, "w:tblGrid"), "w:gridCol").map((g) => num(g.attrs["w:w"]) ?? 0)
  const sum = (from: number, n: number) => grid.slice(from, from + n).reduce((a, b) => a + b, 0)
  return X.children(tbl, "w:tr").map((tr, r) => {
    let column = num(X.val(X.child(tr, "w:trPr"), ["w:gridBefore"])) ?? 0
    let x = (outer?.left ?? 0) + indent + sum(0, column)
    return X.children(tr, "w:tc").map((tc, c) => {
      const tcPr = X.child(tc, "w:tcPr")
      const span = num(X.val(tcPr, ["w:gridSpan"])) ?? 1
      const width = dxa(X.child(tcPr, "w:tcW")) ?? sum(column, span)
      const m = margins(X.child(tcPr, "w:tcMar"), byTable)
      const cell: Cell = { table, row: r + 1, column: c + 1, left: x + m.left, width: width - m.left - m.right }
      x += width
      column += span
      return { tc, cell }
    })
  })
}

/** Paragraphs of a block container (body, cell, header/footer), in order, with the sectPr that ends each section. */
const walk = (container: X.Element, visit: (p: X.Element, cell: Cell | undefined) => void, cell?: Cell, tables = { n: 0 }): void => {
  for (const c of container.children) {
    if (typeof c === "string") continue
    if (c.name === "w:p") visit(c, cell)
    else if (c.name === "w:tbl") {
      tables.n += 1
      for (const row of cellsOf(c, tables.n, cell)) for (const { tc, cell: inner } of row) walk(tc, visit, inner, tables)
    } else if (c.name === "w:sdt") walk(X.child(c, "w:sdtContent") ?? c, visit, cell, tables)
    else if (c.name === "w:customXml" || c.name === "w:ins") walk(c, visit, cell, tables)
  }
}

const resolve = (from: string, target: string): string => {
  if (target.startsWith("/")) return target.slice(1)
  const parts = from.split("/").slice(0, -1)
  for (const seg of target.split("/")) {
    if (seg === "..") parts.pop()
    else if (seg !== ".") parts.push(seg)
  }
  return parts.join("/")
}

/** Relationship id → part name, for the rels of `part`. */
const relsOf = (rels: X.Document | undefined, part: string): Map<string, string> => {
  const out = new Map<string, string>()
  for (const r of X.children(rels?.root, "Relationship")) {
    if (r.attrs["TargetMode"] === "External") continue
    out.set(r.attrs["Id"] ?? "", resolve(part, r.attrs["Target"] ?? ""))
  }
  return out
}

const relOfType = (rels: X.Document | undefined, base: string, suffix: string): string | undefined => {
  const r = X.children(rels?.root, "Relationship").find((e) => (e.attrs["Type"] ?? "").endsWith(suffix))
  return r === undefined ? undefined : resolve(base, r.attrs["Target"] ?? "")
}

/** Unzips and parses a .docx. */
export const open = (bytes: Uint8Array): Opened => {
  let files: Record<string, Uint8Array>
  try {
    files = unzipSync(bytes)
  } catch (e) {
    return { _tag: "Error", reason: "NotAZip", message: `not a zip archive (${e instanceof Error ? e.message : String(e)})` }
  }
  const parts = new Map<string, X.Document>()
  const load = (path: string): X.Document | "missing" | { readonly error: string } => {
    const hit = parts.get(path)
    if (hit !== undefined) return hit
    const data = files[path]
    if (data === undefined) return "missing"
    const parsed = X.parse(strFromU8(data))
    if (parsed._tag === "Error") return { error: `${path}: ${parsed.message} at character ${parsed.offset}` }
    parts.set(path, parsed.document)
    return parsed.document
  }
  const loadOrUndefined = (path: string | undefined): X.Document | undefined | { readonly error: string } => {
    if (path === undefined) return undefined
    const d = load(path)
    return d === "missing" ? undefined : d
  }
  const isError = (d: unknown): d is { readonly error: string } => typeof d === "object" && d !== null && "error" in d
  const rootRels = loadOrUndefined("_rels/.rels")
  if (isError(rootRels)) return { _tag: "Error", reason: "BadXml", message: rootRels.error }
  const documentPath = relOfType(rootRels, "", "/officeDocument") ?? "word/document.xml"
  const document = loadOrUndefined(documentPath)
  if (document === undefined || files["[Content_Types].xml"] === undefined) {
    return { _tag: "Error", reason: "NotADocx", message: `a zip archive, but not a Word document (no ${document === undefined ? documentPath : "[Content_Types].xml"})` }
  }
  if (isError(document)) return { _tag: "Error", reason: "BadXml", message: document.error }
  const docRelsPath = documentPath.replace(/([^/]+)$/, "_rels/$1.rels")
  const docRels = loadOrUndefined(docRelsPath)
  if (isError(docRels)) return { _tag: "Error", reason: "BadXml", message: docRels.error }
  const named = (suffix: string) => relOfType(docRels, documentPath, suffix)
  const themeDoc = loadOrUndefined(named("/theme"))
  const stylesDoc = loadOrUndefined(named("/styles"))
  const settingsDoc = loadOrUndefined(named("/settings"))
  for (const d of [themeDoc, stylesDoc, settingsDoc]) if (isError(d)) return { _tag: "Error", reason: "BadXml", message: d.error }
  const numberingDoc = loadOrUndefined(named("/numbering"))
  if (isError(numberingDoc)) return { _tag: "Error", reason: "BadXml", message: numberingDoc.error }
  const styles = readStyles(stylesDoc as X.Document | undefined, readTheme(themeDoc as X.Document | undefined))
  const label = numberer(readNumbering(numberingDoc))
  const rels = relsOf(docRels, documentPath)
  const body = X.child(document.root, "w:body")
  if (body === undefined) return { _tag: "Error", reason: "NotADocx", message: `${documentPath} has no w:body` }

  const sectPrs: Array<X.Element> = []
  const raw: Array<{ el: X.Element; cell: Cell | undefined; section: number }> = []
  walk(body, (p, cell) => {
    raw.push({ el: p, cell, section: sectPrs.length + 1 })
    const s = X.child(X.child(p, "w:pPr"), "w:sectPr")
    if (s !== undefined && cell === undefined) sectPrs.push(s)
  })
  const last = X.child(body, "w:sectPr")
  if (last !== undefined) sectPrs.push(last)
  const sections: Array<Section> = []
  for (const [i, s] of sectPrs.entries()) sections.push(readSection(s, i + 1, sections[i - 1], rels))
  const paragraphs = raw.map((r, i) => makeParagraph(styles, r.el, i + 1, Math.min(r.section, Math.max(sections.length, 1)), r.cell, label))

  const footers = new Map<string, ReadonlyArray<Paragraph>>()
  for (const s of sections) {
    for (const path of Object.values(s.footers)) {
      if (footers.has(path)) continue
      const f = loadOrUndefined(path)
      if (isError(f)) return { _tag: "Error", reason: "BadXml", message: f.error }
      const ps: Array<Paragraph> = []
      if (f !== undefined) walk(f.root, (p, cell) => ps.push(makeParagraph(styles, p, ps.length + 1, s.index, cell, () => undefined)))
      footers.set(path, ps)
    }
  }
  const evenAndOddHeaders = onOff(X.child((settingsDoc as X.Document | undefined)?.root, "w:evenAndOddHeaders")) === true
  return { _tag: "Package", pkg: { files, parts, document, documentPath, styles, sections, paragraphs, evenAndOddHeaders, footers } }
}
