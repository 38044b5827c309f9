/**
 * A small layout model for the linter's placement rules (成文日期 indent, 版记 lines and position):
 * character advances, where a one-line paragraph's visible text starts and ends, and a line-by-line
 * pagination of the body. It is a model of what Word and LibreOffice do, not a measurement: CJK
 * faces are one em wide per character (as every GB face and its free stand-ins are), Latin letters
 * and digits half an em, a space a quarter em; `auto` line heights are 1.3 em; keep-with-next, widow
 * control and floating objects are ignored.
 */
import * as G from "../Gbt9704.js"
import type * as D from "./docx.js"
import * as X from "./xml.js"

/** Text with the size (half-points) and character spacing (twips) it is set in. */
export interface Glyphs {
  readonly text: string
  readonly size: number
  readonly spacing: number
}

/** Word's size when nothing sets one: 10 pt. */
export const sizeOf = (r: D.RunProps) => r.size ?? 20

export const glyphsOf = (p: D.Paragraph): Array<Glyphs> => p.runs.map((r) => ({ text: r.text, size: sizeOf(r.props), spacing: r.props.spacing ?? 0 }))

const isFull = (code: number): boolean => (code >= 0x2e80 ? !(code >= 0xff61 && code <= 0xffdc) : code >= 0x2010 && code <= 0x206f)

/** A character's advance in twips: full-width one em, a space a quarter em, others half an em; plus the run's spacing. */
export const advance = (c: string, size: number, spacing: number): number => {
  const code = c.codePointAt(0) ?? 0
  const em = size * 10
  if (code === 0x20) return em / 4 + spacing
  return (isFull(code) ? em : em / 2) + spacing
}

/** One full-width character of a run: the unit "空一字", "右移二字" count in. */
export const charOf = (glyphs: ReadonlyArray<Glyphs>): number => {
  const g = glyphs.find((x) => x.text.trim() !== "") ?? glyphs[0]
  return g === undefined ? G.SIZE.三号 * 10 : advance("字", g.size, g.spacing)
}

const widthOf = (xs: ReadonlyArray<{ readonly w: number }>) => xs.reduce((s, x) => s + x.w, 0)
const isSpace = (c: string) => c === " " || c === "\u3000"

/** Leading space, visible text and trailing full-width space widths of some glyphs. */
export const measure = (glyphs: ReadonlyArray<Glyphs>) => {
  const chars = glyphs.flatMap((g) => [...g.text].map((c) => ({ c, w: advance(c, g.size, g.spacing) })))
  let a = 0
  while (a < chars.length && isSpace(chars[a]!.c)) a++
  let b = chars.length
  while (b > a && isSpace(chars[b - 1]!.c)) b--
  return {
    empty: a === b,
    breaks: chars.some((x) => x.c === "\t" || x.c === "\n"),
    lead: widthOf(chars.slice(0, a)),
    visible: widthOf(chars.slice(a, b)),
    trail: widthOf(chars.slice(b).filter((x) => x.c === "\u3000")),
    total: widthOf(chars)
  }
}

/**
 * Where a one-line paragraph's visible text starts and ends, twips from its text area's left edge
 * (`width` wide): by alignment, indents and the leading and trailing full-width spaces offices use to
 * place a line. Undefined when there is no visible text, a tab or line break, or the text wraps.
 */
export const placement = (props: D.ParaProps, glyphs: ReadonlyArray<Glyphs>, width: number): { readonly start: number; readonly end: number } | undefined => {
  const m = measure(glyphs)
  if (m.empty || m.breaks) return undefined
  const left = (props.left ?? 0) + (props.firstLine ?? 0) - (props.hanging ?? 0)
  const right = width - (props.right ?? 0)
  if (m.lead + m.visible > right - left + 1) return undefined
  switch (props.jc ?? "left") {
    case "right":
    case "end":
      return { start: right - m.trail - m.visible, end: right - m.trail }
    case "center": {
      const start = left + (right - left - (m.lead + m.visible + m.trail)) / 2 + m.lead
      return { start, end: start + m.visible }
    }
    case "distribute":
      return { start: left + m.lead, end: right - m.trail }
    default:
      return { start: left + m.lead, end: left + m.lead + m.visible }
  }
}

/** The text area's width of a section (portrait or landscape), twips. */
export const areaWidth = (s: D.Section | undefined): number => (s?.width ?? G.PAGE.width) - (s?.margin.left ?? G.MARGIN.left) - (s?.margin.right ?? G.MARGIN.right)
export const areaHeight = (s: D.Section | undefined): number => (s?.height ?? G.PAGE.height) - (s?.margin.top ?? G.MARGIN.top) - (s?.margin.bottom ?? G.MARGIN.bottom)

// ---------------------------------------------------------------------------------------------------
// pagination

/** A line's height from the paragraph's spacing and its largest run, twips (auto: 1.3 em per single line). */
const lineHeight = (p: D.Paragraph, size: number): number => {
  const natural = size * 10 * 1.3
  const line = p.props.line
  switch (p.props.lineRule) {
    case "exact":
      return line ?? natural
    case "atLeast":
      return Math.max(line ?? 0, natural)
    default:
      return natural * ((line ?? 240) / 240)
  }
}

/** Height of inline pictures in a paragraph, twips (EMU / 635). */
const pictureHeight = (el: X.Element): number => {
  let h = 0
  const visit = (e: X.Element) => {
    for (const c of e.children) {
      if (typeof c === "string") continue
      if (c.name === "wp:inline") {
        const cy = Number(X.child(c, "wp:extent")?.attrs["cy"] ?? 0)
        if (Number.isFinite(cy)) h = Math.max(h, cy / 635)
      } else if (c.name !== "wp:anchor") visit(c)
    }
  }
  visit(el)
  return h
}

const hasPageBreak = (p: D.Paragraph): boolean => p.runs.some((r) => X.children(r.el, "w:br").some((b) => b.attrs["w:type"] === "page"))

/** Lines of a paragraph in a text area `width` wide, and their height. */
const paragraphLines = (p: D.Paragraph, width: number): { readonly n: number; readonly h: number } => {
  const glyphs = glyphsOf(p)
  const size = Math.max(...glyphs.filter((g) => g.text !== "").map((g) => g.size), sizeOf(p.runs[0]?.props ?? {}), 0) || 20
  const first = (p.props.firstLine ?? 0) - (p.props.hanging ?? 0)
  const avail = Math.max(1, width - (p.props.left ?? 0) - (p.props.right ?? 0))
  const breaks = (p.text.match(/\n/g) ?? []).length
  const total = measure(glyphs).total + first
  const n = Math.max(1, Math.ceil((total - 1) / avail)) + breaks
  const picture = pictureHeight(p.el)
  const h = lineHeight(p, size)
  return { n, h: p.props.lineRule === "exact" ? h : Math.max(h, picture) }
}

/** Where a paragraph ends: its page (1-based, counted from the document's start) and height on that page, twips. */
export interface Mark {
  readonly page: number
  readonly y: number
}

/**
 * A line-by-line pagination of the body: paragraphs break into lines of their line height, table rows
 * are kept whole (exact heights as declared, others from their cells' paragraphs), page breaks, pages
 * breaking sections and even- and odd-page section starts (a blank page when needed) are honoured.
 * Returns where each body-level block (a paragraph, or a table by its element) ends.
 */
export const paginate = (pkg: D.Package): ReadonlyMap<X.Element, Mark> => {
  const out = new Map<X.Element, Mark>()
  const byEl = new Map<X.Element, D.Paragraph>()
  for (const p of pkg.paragraphs) byEl.set(p.el, p)
  const body = X.child(pkg.document.root, "w:body")
  let section = 0
  let s = pkg.sections[0]
  let page = 1
  let y = 0
  const height = () => areaHeight(s)
  const newPage = () => {
    page += 1
    y = 0
  }
  const place = (h: number) => {
    if (y > 0 && y + h > height() + 1) newPage()
    y += h
  }
  const paragraphHeight = (p: D.Paragraph, width: number) => {
    const { n, h } = paragraphLines(p, width)
    return (p.props.before ?? 0) + n * h + (p.props.after ?? 0)
  }
  for (const c of body?.children ?? []) {
    if (typeof c === "string") continue
    if (c.name === "w:p") {
      const p = byEl.get(c)
      if (p === undefined) continue
      if (p.props.pageBreakBefore === true && y > 0) newPage()
      const width = areaWidth(s)
      const { n, h } = paragraphLines(p, width)
      y += p.props.before ?? 0
      for (let i = 0; i < n; i++) place(h)
      y += p.props.after ?? 0
      if (hasPageBreak(p)) newPage()
      out.set(c, { page, y })
      if (X.child(X.child(c, "w:pPr"), "w:sectPr") !== undefined) {
        section += 1
        s = pkg.sections[section] ?? s
        if (s !== undefined && s.start !== "continuous" && s.start !== "nextColumn") {
          if (y > 0 || s.start !== "nextPage") newPage()
          if ((s.start === "evenPage" && page % 2 === 1) || (s.start === "oddPage" && page % 2 === 0)) newPage()
        }
      }
    } else if (c.name === "w:tbl") {
      const width = areaWidth(s)
      const els = descendants(c, "w:p")
      const all = pkg.paragraphs.filter((p) => p.cell !== undefined && els.has(p.el))
      const table = Math.min(...all.map((p) => p.cell!.table))
      const cells = all.filter((p) => p.cell!.table === table)
      for (const [r, tr] of X.children(c, "w:tr").entries()) {
        const trHeight = X.child(X.child(tr, "w:trPr"), "w:trHeight")
        const declared = Number(trHeight?.attrs["w:val"] ?? 0)
        const rule = trHeight?.attrs["w:hRule"] ?? "atLeast"
        const inRow = cells.filter((p) => p.cell!.row === r + 1)
        const columns = new Map<number, number>()
        for (const p of inRow) columns.set(p.cell!.column, (columns.get(p.cell!.column) ?? 0) + paragraphHeight(p, p.cell!.width || width))
        const content = Math.max(0, ...columns.values())
        place(rule === "exact" ? declared : Math.max(declared, content))
      }
      out.set(c, { page, y })
    } else if (c.name === "w:sectPr") {
      // the last section's properties: nothing to place
    }
  }
  return out
}

/** Every descendant element named `name`. */
const descendants = (root: X.Element, name: string): Set<X.Element> => {
  const out = new Set<X.Element>()
  const stack: Array<X.Element> = [root]
  while (stack.length > 0) {
    const e = stack.pop()!
    if (e.name === name) out.add(e)
    for (const c of e.children) if (typeof c !== "string") stack.push(c)
  }
  return out
}
