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
}

export interface Run {
  readonly text: string
  readonly props: RunProps
  readonly el: X.Element
}

export interface Paragraph {
  /** 1-based, in document order, table cells included. */
  readonly index: number
  /** 1-based. */
  readonly section: number
  readonly text: string
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
  }
  const sp = X.child(pPr, "w:spacing")
  if (sp !== undefined) {
    const line = num(sp.attrs["w:line"])
    if (line !== undefined) out.line = line
    if (sp.attrs["w:lineRule"] !== undefined) out.lineRule = sp.attrs["w:lineRule"]
    else if (line !== undefined) out.lineRule = "auto"
  }
  const snap = onOff(X.child(pPr, "w:snapToGrid"))
  if (snap !== undefined) out.snapToGrid = snap
  return out
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
  const out = { run: merge(styles.defaultsRun, ...ch.map((s) => s.run)), para: merge(styles.defaultsPara, ...ch.map((s) => s.para)) }
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

const makeParagraph = (styles: Styles, el: X.Element, index: number, section: number, inTable: boolean): Paragraph => {
  const pPr = X.child(el, "w:pPr")
  const base = paragraphStyle(styles, X.val(pPr, ["w:pStyle"]))
  const props = merge(base.para, paraPropsOf(pPr))
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
  return { index, section, text, inTable, props, runs, el }
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
    footers
  }
}

/** Paragraphs of a block container (body, cell, header/footer), in order, with the sectPr that ends each section. */
const walk = (container: X.Element, visit: (p: X.Element, inTable: boolean) => void, inTable = false): void => {
  for (const c of container.children) {
    if (typeof c === "string") continue
    if (c.name === "w:p") visit(c, inTable)
    else if (c.name === "w:tbl") for (const tr of X.children(c, "w:tr")) for (const tc of X.children(tr, "w:tc")) walk(tc, visit, true)
    else if (c.name === "w:sdt") walk(X.child(c, "w:sdtContent") ?? c, visit, inTable)
    else if (c.name === "w:customXml" || c.name === "w:ins") walk(c, visit, inTable)
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
  const styles = readStyles(stylesDoc as X.Document | undefined, readTheme(themeDoc as X.Document | undefined))
  const rels = relsOf(docRels, documentPath)
  const body = X.child(document.root, "w:body")
  if (body === undefined) return { _tag: "Error", reason: "NotADocx", message: `${documentPath} has no w:body` }

  const sectPrs: Array<X.Element> = []
  const raw: Array<{ el: X.Element; inTable: boolean; section: number }> = []
  walk(body, (p, inTable) => {
    raw.push({ el: p, inTable, section: sectPrs.length + 1 })
    const s = X.child(X.child(p, "w:pPr"), "w:sectPr")
    if (s !== undefined && !inTable) sectPrs.push(s)
  })
  const last = X.child(body, "w:sectPr")
  if (last !== undefined) sectPrs.push(last)
  const sections: Array<Section> = []
  for (const [i, s] of sectPrs.entries()) sections.push(readSection(s, i + 1, sections[i - 1], rels))
  const paragraphs = raw.map((r, i) => makeParagraph(styles, r.el, i + 1, Math.min(r.section, Math.max(sections.length, 1)), r.inTable))

  const footers = new Map<string, ReadonlyArray<Paragraph>>()
  for (const s of sections) {
    for (const path of Object.values(s.footers)) {
      if (footers.has(path)) continue
      const f = loadOrUndefined(path)
      if (isError(f)) return { _tag: "Error", reason: "BadXml", message: f.error }
      const ps: Array<Paragraph> = []
      if (f !== undefined) walk(f.root, (p, inTable) => ps.push(makeParagraph(styles, p, ps.length + 1, s.index, inTable)))
      footers.set(path, ps)
    }
  }
  const evenAndOddHeaders = onOff(X.child((settingsDoc as X.Document | undefined)?.root, "w:evenAndOddHeaders")) === true
  return { _tag: "Package", pkg: { files, parts, document, documentPath, styles, sections, paragraphs, evenAndOddHeaders, footers } }
}
