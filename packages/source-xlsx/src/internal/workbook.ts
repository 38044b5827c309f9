/**
 * The parts of a workbook around its sheets: the package relationships, the workbook (sheet names,
 * order, visibility, date system), the number formats of the cell styles, the shared strings.
 *
 * @internal
 */
import { SourceError } from "@govplan/source"
import * as Cells from "./cells.js"
import * as Xml from "./xml.js"
import type * as Zip from "./zip.js"

/** @internal */
export interface SheetInfo {
  readonly name: string
  readonly part: string
  readonly hidden: boolean
}

/** @internal */
export interface Workbook {
  readonly sheets: ReadonlyArray<SheetInfo>
  readonly date1904: boolean
  /** Cell style index → the kind its number format shows. */
  readonly styles: ReadonlyArray<Cells.Kind>
  readonly sharedStrings: ReadonlyArray<string>
}

const resolve = (base: string, target: string): string => {
  if (target.startsWith("/")) return target.slice(1)
  const parts = base.split("/").slice(0, -1)
  for (const p of target.split("/")) {
    if (p === "..") parts.pop()
    else if (p !== "." && p !== "") parts.push(p)
  }
  return parts.join("/")
}

const relsOf = (part: string): string => {
  const i = part.lastIndexOf("/")
  return `${part.slice(0, i + 1)}_rels/${part.slice(i + 1)}.rels`
}

const readRels = async (zip: Zip.Archive, part: string, source: string): Promise<Map<string, { type: string; target: string }>> => {
  const rels = new Map<string, { type: string; target: string }>()
  const name = relsOf(part)
  if (!zip.has(name)) return rels
  await Xml.parseAll(zip.read(name), {
    open: (n, a) => {
      if (n === "Relationship" && a.Id !== undefined && a.Target !== undefined) {
        rels.set(a.Id, { type: a.Type ?? "", target: a.TargetMode === "External" ? a.Target : resolve(part, a.Target) })
      }
    }
  }, { source, part: name })
  return rels
}

/** @internal */
export const read = async (zip: Zip.Archive, source: string, options: { readonly sharedStringsLimit: number; readonly sharedStrings: boolean }): Promise<Workbook> => {
  const fail = (detail: string) => new SourceError.SourceError({ reason: "Encoding", source, detail })
  if (!zip.has("[Content_Types].xml")) {
    const some = zip.names.slice(0, 5).join(", ")
    throw fail(`a zip archive, but not an Excel workbook (no [Content_Types].xml; it holds ${some || "nothing"}${zip.names.length > 5 ? ", …" : ""})`)
  }
  const root = await readRels(zip, "", source)
  const office = [...root.values()].find((r) => r.type.endsWith("/officeDocument"))
  const wbPart = office?.target ?? "xl/workbook.xml"
  if (!zip.has(wbPart)) {
    if (zip.has("xl/workbook.bin")) throw fail("a binary .xlsb workbook, not .xlsx: save it as .xlsx (Excel 工作簿)")
    if (zip.has("word/document.xml")) throw fail("a Word document (.docx), not an Excel workbook")
    throw fail(`an Office package without a workbook (no ${wbPart}): not an .xlsx file`)
  }
  const rels = await readRels(zip, wbPart, source)
  const sheets: Array<SheetInfo> = []
  let date1904 = false
  await Xml.parseAll(zip.read(wbPart), {
    open: (n, a) => {
      if (n === "workbookPr") date1904 = a.date1904 === "1" || a.date1904 === "true"
      else if (n === "sheet") {
        const id = a["r:id"] ?? Object.entries(a).find(([k]) => k.endsWith(":id"))?.[1]
        const rel = id === undefined ? undefined : rels.get(id)
        if (rel !== undefined && rel.type.endsWith("/worksheet")) {
          sheets.push({ name: a.name ?? `sheet${sheets.length + 1}`, part: rel.target, hidden: a.state === "hidden" || a.state === "veryHidden" })
        }
      }
    }
  }, { source, part: wbPart })

  const styles: Array<Cells.Kind> = []
  const stylesRel = [...rels.values()].find((r) => r.type.endsWith("/styles"))
  if (stylesRel !== undefined && zip.has(stylesRel.target)) {
    const codes = new Map<number, string>()
    const ids: Array<number> = []
    let inXfs = false
    await Xml.parseAll(zip.read(stylesRel.target), {
      open: (n, a) => {
        if (n === "numFmt") codes.set(Number(a.numFmtId), a.formatCode ?? "")
        else if (n === "cellXfs") inXfs = true
        else if (n === "xf" && inXfs) ids.push(Number(a.numFmtId ?? 0))
      },
      close: (n) => {
        if (n === "cellXfs") inXfs = false
      }
    }, { source, part: stylesRel.target })
    for (const id of ids) styles.push(Cells.kindOf(id, codes.get(id)))
  }

  const sharedStrings: Array<string> = []
  const sstRel = [...rels.values()].find((r) => r.type.endsWith("/sharedStrings"))
  if (options.sharedStrings && sstRel !== undefined && zip.has(sstRel.target)) {
    // <si><t>text</t></si> or rich text <si><r><t>a</t></r><r><t>b</t></r></si>; phonetic runs (<rPh>) are not the text
    let inSi = false
    let inT = false
    let inPhonetic = false
    let text = ""
    await Xml.parseAll(zip.read(sstRel.target), {
      open: (n, _a, self) => {
        if (n === "si") {
          inSi = true
          text = ""
          if (self) {
            inSi = false
            sharedStrings.push("")
          }
        } else if (n === "rPh") inPhonetic = true
        else if (n === "t" && inSi && !inPhonetic && !self) inT = true
      },
      close: (n) => {
        if (n === "t") inT = false
        else if (n === "rPh") inPhonetic = false
        else if (n === "si" && inSi) {
          inSi = false
          if (sharedStrings.length >= options.sharedStringsLimit) {
            throw new SourceError.SourceError({
              reason: "Limit",
              source,
              detail: `the workbook has more than ${options.sharedStringsLimit} shared strings (maxSharedStrings)`
            })
          }
          sharedStrings.push(text)
        }
      },
      text: (t) => {
        if (inT) text += t
      }
    }, { source, part: sstRel.target })
  }
  return { sheets, date1904, styles, sharedStrings }
}
