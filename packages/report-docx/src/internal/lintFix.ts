/**
 * `Lint.fix`: rewrites what the safe rules check, never a character of text: every section's paper,
 * margins and grid; exact 579-twip lines, the role's font in every slot, size and condensing on the
 * paragraphs whose role the linter detects (title, headings, body, 附件说明, 成文日期); the defaults
 * and the Normal style; and "— N —" footers, right on odd and left on even pages, with different odd
 * and even footers turned on.
 */
import { strToU8, zipSync } from "fflate"
import type * as FontMap from "../FontMap.js"
import * as G from "../Gbt9704.js"
import type * as D from "./docx.js"
import * as L from "./lintLayout.js"
import * as R from "./lintRules.js"
import * as X from "./xml.js"

// schema order of the children the fix writes into (CT_PPr, CT_RPr, CT_SectPr)
const P_ORDER = ["w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange"]
const R_ORDER = ["w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike", "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid", "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath"]
const S_ORDER = ["w:headerReference", "w:footerReference", "w:footnotePr", "w:endnotePr", "w:type", "w:pgSz", "w:pgMar", "w:paperSrc", "w:pgBorders", "w:lnNumType", "w:pgNumType", "w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange"]
// CT_Settings children that come after w:evenAndOddHeaders
const AFTER_EVEN_ODD = new Set(["w:bookFoldRevPrinting", "w:bookFoldPrinting", "w:bookFoldPrintingSheets", "w:drawingGridHorizontalSpacing", "w:drawingGridVerticalSpacing", "w:displayHorizontalDrawingGridEvery", "w:displayVerticalDrawingGridEvery", "w:doNotUseMarginsForDrawingGridOrigin", "w:drawingGridHorizontalOrigin", "w:drawingGridVerticalOrigin", "w:doNotShadeFormData", "w:noPunctuationKerning", "w:characterSpacingControl", "w:printTwoOnOne", "w:strictFirstAndLastChars", "w:noLineBreaksAfter", "w:noLineBreaksBefore", "w:savePreviewPicture", "w:doNotValidateAgainstSchema", "w:saveInvalidXml", "w:ignoreMixedContent", "w:alwaysShowPlaceholderText", "w:doNotDemarcateInvalidXml", "w:saveXmlDataOnly", "w:useXSLTWhenSaving", "w:saveThroughXslt", "w:showXMLTags", "w:alwaysMergeEmptyNamespace", "w:updateFields", "w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema", "w:themeFontLang", "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions", "w:readModeInkLockDown", "w:smartTagType", "sl:schemaLibrary", "w:shapeDefaults", "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator"])

const W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
const FOOTER_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"
const FOOTER_CONTENT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"

/** `el`'s child `name`, created in schema order. */
const ensure = (el: X.Element, name: string, order: ReadonlyArray<string>) => X.ensure(el, name, order)

/** A run's or paragraph's properties element, created as its first child. */
const props = (el: X.Element, name: "w:rPr" | "w:pPr"): X.Element => {
  const found = X.child(el, name)
  if (found !== undefined) return found
  const made = X.element(name)
  el.children.unshift(made)
  return made
}

const setRun = (rPr: X.Element, font: { eastAsia: string; latin: string }, size: number, spacing: number | undefined) => {
  const f = ensure(rPr, "w:rFonts", R_ORDER)
  f.attrs = { "w:ascii": font.latin, "w:hAnsi": font.latin, "w:eastAsia": font.eastAsia, "w:cs": font.eastAsia, "w:hint": "eastAsia" }
  if (spacing === undefined || spacing === 0) X.remove(rPr, "w:spacing")
  else ensure(rPr, "w:spacing", R_ORDER).attrs = { "w:val": String(spacing) }
  ensure(rPr, "w:sz", R_ORDER).attrs = { "w:val": String(size) }
  ensure(rPr, "w:szCs", R_ORDER).attrs = { "w:val": String(size) }
}

const exactLines = (pPr: X.Element) => {
  ensure(pPr, "w:spacing", P_ORDER).attrs = { "w:before": "0", "w:after": "0", "w:line": String(G.LINE), "w:lineRule": "exact" }
}

const footerXml = (fonts: FontMap.FontMap, side: "odd" | "even"): string => {
  const f = fonts.pageNumber
  const rPr = `<w:rPr><w:rFonts w:ascii="${f}" w:hAnsi="${f}" w:eastAsia="${f}" w:cs="${f}" w:hint="eastAsia"/><w:sz w:val="${G.PAGE_NUMBER.size}"/><w:szCs w:val="${G.PAGE_NUMBER.size}"/><w:lang w:val="zh-CN" w:eastAsia="zh-CN"/></w:rPr>`
  const r = (inner: string) => `<w:r>${rPr}${inner}</w:r>`
  const ind = side === "odd" ? `w:left="0" w:right="${G.PAGE_NUMBER.indent}"` : `w:left="${G.PAGE_NUMBER.indent}" w:right="0"`
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:ftr xmlns:w="${W}" xmlns:r="${REL}"><w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/><w:ind ${ind} w:firstLine="0"/><w:jc w:val="${side === "odd" ? "right" : "left"}"/></w:pPr>` +
    r(`<w:t xml:space="preserve">${G.PAGE_NUMBER.dash} </w:t>`) +
    r(`<w:fldChar w:fldCharType="begin"/>`) + r(`<w:instrText xml:space="preserve"> PAGE </w:instrText>`) + r(`<w:fldChar w:fldCharType="separate"/>`) + r(`<w:t>1</w:t>`) + r(`<w:fldChar w:fldCharType="end"/>`) +
    r(`<w:t xml:space="preserve"> ${G.PAGE_NUMBER.dash}</w:t>`) + `</w:p></w:ftr>`
}

const ROLE_OF: Partial<Record<R.Role, { readonly role: G.Role; readonly font: keyof FontMap.FontMap; readonly spacing: number }>> = {
  title: { role: "title", font: "title", spacing: 0 },
  heading1: { role: "heading1", font: "heading1", spacing: G.CHARACTER_SPACING },
  heading2: { role: "heading2", font: "heading2", spacing: G.CHARACTER_SPACING },
  heading3: { role: "heading3", font: "heading3", spacing: G.CHARACTER_SPACING },
  heading4: { role: "heading4", font: "heading4", spacing: G.CHARACTER_SPACING },
  body: { role: "body", font: "body", spacing: G.CHARACTER_SPACING },
  attachmentNote: { role: "body", font: "body", spacing: G.CHARACTER_SPACING },
  date: { role: "body", font: "body", spacing: G.CHARACTER_SPACING }
}

/** The fixed package's bytes. Parts the fix does not touch are copied as they were. */
export const fix = (pkg: D.Package, layout: R.Layout, fonts: FontMap.FontMap): Uint8Array => {
  const files: Record<string, Uint8Array> = { ...pkg.files }
  const touched = new Set<string>()
  const docDir = pkg.documentPath.split("/").slice(0, -1).join("/")
  const inDir = (name: string) => (docDir === "" ? name : `${docDir}/${name}`)

  // footers: two new parts, related from the document and typed in [Content_Types].xml
  const odd = inDir("footer-gbt9704-odd.xml")
  const even = inDir("footer-gbt9704-even.xml")
  files[odd] = strToU8(footerXml(fonts, "odd"))
  files[even] = strToU8(footerXml(fonts, "even"))
  const relsPath = pkg.documentPath.replace(/([^/]+)$/, "_rels/$1.rels")
  const rels = pkg.parts.get(relsPath) ?? { prolog: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n`, root: X.element("Relationships", { xmlns: "http://schemas.openxmlformats.org/package/2006/relationships" }) }
  pkg.parts.set(relsPath, rels)
  const ids = new Set(X.children(rels.root, "Relationship").map((r) => r.attrs["Id"]))
  const id = (base: string) => {
    let n = 0
    while (ids.has(`${base}${n === 0 ? "" : n}`)) n++
    const made = `${base}${n === 0 ? "" : n}`
    ids.add(made)
    return made
  }
  const oddId = id("rIdGbt9704Odd")
  const evenId = id("rIdGbt9704Even")
  rels.root.children.push(X.element("Relationship", { Id: oddId, Type: FOOTER_TYPE, Target: odd.slice(docDir === "" ? 0 : docDir.length + 1) }))
  rels.root.children.push(X.element("Relationship", { Id: evenId, Type: FOOTER_TYPE, Target: even.slice(docDir === "" ? 0 : docDir.length + 1) }))
  touched.add(relsPath)
  const types = pkg.parts.get("[Content_Types].xml")
  if (types !== undefined) {
    for (const part of [odd, even]) types.root.children.push(X.element("Override", { PartName: `/${part}`, ContentType: FOOTER_CONTENT }))
    touched.add("[Content_Types].xml")
  }
  if (pkg.document.root.attrs["xmlns:r"] === undefined) pkg.document.root.attrs["xmlns:r"] = REL

  // sections: paper, margins, grid, footer references
  for (const s of pkg.sections) {
    const el = s.el
    const landscape = el !== undefined && (X.child(el, "w:pgSz")?.attrs["w:orient"] === "landscape" || (s.width ?? 0) > (s.height ?? 0))
    ensure(el, "w:pgSz", S_ORDER).attrs = landscape
      ? { "w:w": String(G.PAGE.height), "w:h": String(G.PAGE.width), "w:orient": "landscape" }
      : { "w:w": String(G.PAGE.width), "w:h": String(G.PAGE.height) }
    if (!landscape) {
      const m = G.MARGIN
      ensure(el, "w:pgMar", S_ORDER).attrs = { "w:top": String(m.top), "w:right": String(m.right), "w:bottom": String(m.bottom), "w:left": String(m.left), "w:header": String(m.header), "w:footer": String(m.footer), "w:gutter": "0" }
    }
    ensure(el, "w:docGrid", S_ORDER).attrs = { "w:linePitch": String(G.LINE) }
    X.remove(el, "w:footerReference")
    const refs = [X.element("w:footerReference", { "w:type": "default", "r:id": oddId }), X.element("w:footerReference", { "w:type": "even", "r:id": evenId })]
    if (X.child(el, "w:titlePg") !== undefined) refs.push(X.element("w:footerReference", { "w:type": "first", "r:id": oddId }))
    const at = el.children.findIndex((c) => typeof c !== "string" && c.name !== "w:headerReference")
    el.children.splice(at < 0 ? el.children.length : at, 0, ...refs)
  }
  touched.add(pkg.documentPath)

  // settings: different odd and even footers
  const settingsPath = [...pkg.parts.keys()].find((k) => /settings\.xml$/.test(k) && k.startsWith(docDir))
  const settings = settingsPath !== undefined ? pkg.parts.get(settingsPath) : undefined
  if (settings !== undefined && settingsPath !== undefined && X.child(settings.root, "w:evenAndOddHeaders") === undefined) {
    const made = X.element("w:evenAndOddHeaders")
    const at = settings.root.children.findIndex((c) => typeof c !== "string" && AFTER_EVEN_ODD.has(c.name))
    settings.root.children.splice(at < 0 ? settings.root.children.length : at, 0, made)
    touched.add(settingsPath)
  } else if (settings !== undefined && settingsPath !== undefined) {
    X.child(settings.root, "w:evenAndOddHeaders")!.attrs = {}
    touched.add(settingsPath)
  }

  // styles: the defaults and the default paragraph style carry the body's font, size, condensing and lines
  const stylesPath = [...pkg.parts.keys()].find((k) => /styles\.xml$/.test(k) && k.startsWith(docDir) && !/stylesWithEffects/.test(k))
  const styles = stylesPath !== undefined ? pkg.parts.get(stylesPath) : undefined
  const body = { eastAsia: fonts.body, latin: fonts.latin }
  if (styles !== undefined && stylesPath !== undefined) {
    const defaults = X.ensure(styles.root, "w:docDefaults", ["w:docDefaults", "w:latentStyles", "w:style"])
    const rPrDefault = X.ensure(defaults, "w:rPrDefault", ["w:rPrDefault", "w:pPrDefault"])
    setRun(X.ensure(rPrDefault, "w:rPr"), body, G.ROLE.body.size, undefined)
    const pPrDefault = X.ensure(defaults, "w:pPrDefault", ["w:rPrDefault", "w:pPrDefault"])
    exactLines(X.ensure(pPrDefault, "w:pPr"))
    const normal = X.children(styles.root, "w:style").find((s) => s.attrs["w:styleId"] === (pkg.styles.defaultParagraph ?? "Normal"))
    if (normal !== undefined) {
      const order = ["w:name", "w:aliases", "w:basedOn", "w:next", "w:link", "w:autoRedefine", "w:hidden", "w:uiPriority", "w:semiHidden", "w:unhideWhenUsed", "w:qFormat", "w:locked", "w:personal", "w:personalCompose", "w:personalReply", "w:rsid", "w:pPr", "w:rPr", "w:tblPr", "w:trPr", "w:tcPr", "w:tblStylePr"]
      exactLines(X.ensure(normal, "w:pPr", order))
      setRun(X.ensure(normal, "w:rPr", order), body, G.ROLE.body.size, G.CHARACTER_SPACING)
    }
    touched.add(stylesPath)
  }

  // paragraphs by role: lines, and every run's font, size and condensing
  const placed = R.roles(pkg, layout)
  for (const { p, role } of placed) {
    const how = ROLE_OF[role]
    if (how === undefined) continue
    const pPr = props(p.el, "w:pPr")
    exactLines(pPr)
    for (const r of p.runs) setRun(props(r.el, "w:rPr"), { eastAsia: fonts[how.font], latin: fonts.latin }, G.ROLE[how.role].size, how.spacing)
  }

  // 署名 and 成文日期 (7.3.5.2): left indents that place them as an unsealed document has them, measured
  // in the sizes the fix has just set
  const glyphs = (x: R.Placed): Array<L.Glyphs> => {
    const how = ROLE_OF[x.role]
    return how === undefined ? L.glyphsOf(x.p) : x.p.runs.map((r) => ({ text: r.text, size: G.ROLE[how.role].size, spacing: how.spacing }))
  }
  const place = (p: D.Paragraph, left: number) => {
    const pPr = props(p.el, "w:pPr")
    ensure(pPr, "w:ind", P_ORDER).attrs = { "w:left": String(Math.round(left)), "w:right": "0", "w:firstLine": "0" }
    ensure(pPr, "w:jc", P_ORDER).attrs = { "w:val": "left" }
  }
  for (const [i, x] of placed.entries()) {
    if (x.role !== "date" || x.p.label !== undefined) continue
    const s = pkg.sections[x.p.section - 1]
    const width = s !== undefined && (s.width ?? 0) > (s.height ?? 0) ? L.areaWidth(s) : G.TYPE_AREA.width
    const sig = R.signatureOf(placed, i)
    const problem = R.dateProblemAfter(sig === undefined ? undefined : { props: sig.p.props, glyphs: glyphs(sig) }, { props: x.p.props, glyphs: glyphs(x) }, width)
    if (problem === "none" || problem === "unplaceable") continue
    const indents = R.signOffIndents(sig === undefined ? undefined : glyphs(sig), glyphs(x), width)
    if (indents === undefined) continue
    place(x.p, indents.date)
    if (sig !== undefined && indents.sig !== undefined) place(sig.p, indents.sig)
  }

  // table text (5.2.2): a face other than 仿宋, 黑体 or 楷体 becomes 仿宋, a size above 3号 becomes 3号
  for (const p of R.tableParagraphs(pkg)) {
    for (const r of p.runs) {
      const bad = R.tableRunProblem(r)
      if (!bad.family && !bad.size) continue
      const rPr = props(r.el, "w:rPr")
      if (bad.family) {
        const f = ensure(rPr, "w:rFonts", R_ORDER)
        delete f.attrs["w:eastAsiaTheme"]
        f.attrs["w:eastAsia"] = fonts.body
        f.attrs["w:hint"] = "eastAsia"
      }
      if (bad.size) {
        ensure(rPr, "w:sz", R_ORDER).attrs = { "w:val": String(G.SIZE.三号) }
        ensure(rPr, "w:szCs", R_ORDER).attrs = { "w:val": String(G.SIZE.三号) }
      }
    }
  }

  for (const path of touched) {
    const doc = path === pkg.documentPath ? pkg.document : pkg.parts.get(path)
    if (doc !== undefined) files[path] = strToU8(X.serialize(doc))
  }
  return zipSync(files)
}
