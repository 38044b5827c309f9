/**
 * The parts of a workbook around its sheets: the package relationships, the workbook (sheet names,
 * order, visibility, date system), the number formats of the cell styles, the shared strings.
 *
 * @internal
 */
import { SourceError } from "@govplan/source"
import * as Bytes from "./bytes.js"
import * as Cells from "./cells.js"
import * as Strings from "./strings.js"
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
  readonly sharedStrings: Strings.SharedStrings
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

  let sharedStrings = Strings.empty()
  const sstRel = [...rels.values()].find((r) => r.type.endsWith("/sharedStrings"))
  if (options.sharedStrings && sstRel !== undefined && zip.has(sstRel.target)) {
    // <si><t>text</t></si> or rich text <si><r><t>a</t></r><r><t>b</t></r></si>; phonetic runs (<rPh>) are not the text
    const SST = 0
    const SI = 1
    const T = 2
    const RPH = 3
    let table: Strings.SharedStrings | undefined
    let inSi = false
    let inT = false
    let inPhonetic = false
    const size = zip.size(sstRel.target)
    const at = new Int32Array(4)
    const limit = () =>
      new SourceError.SourceError({
        reason: "Limit",
        source,
        detail: `the workbook has more than ${options.sharedStringsLimit} shared strings (maxSharedStrings)`
      })
    const strings = (): Strings.SharedStrings => (table ??= new Strings.SharedStrings(size, 1024))
    for await (
      const _ of Bytes.scan(zip.read(sstRel.target), ["sst", "si", "t", "rPh"], {
        open: (n, buf, a, b, self) => {
          if (n === SI) {
            inSi = true
            if (self) {
              inSi = false
              if (strings().length >= options.sharedStringsLimit) throw limit()
              strings().end()
            }
          } else if (n === RPH) inPhonetic = true
          else if (n === T && inSi && !inPhonetic && !self) inT = true
          else if (n === SST && table === undefined) {
            // the count it claims sizes the index (a lie only costs a reallocation)
            for (let p = Bytes.nextAttribute(buf, a, b, at); p >= 0; p = Bytes.nextAttribute(buf, p, b, at)) {
              if (Bytes.is(buf, at[0]!, at[1]!, "uniqueCount")) {
                const claimed = Number(buf.toString("latin1", at[2]!, at[3]!))
                if (Number.isInteger(claimed) && claimed > 0) table = new Strings.SharedStrings(size, Math.min(claimed, options.sharedStringsLimit, Math.floor(size / 8)))
              }
            }
          }
        },
        close: (n) => {
          if (n === T) inT = false
          else if (n === RPH) inPhonetic = false
          else if (n === SI && inSi) {
            inSi = false
            if (strings().length >= options.sharedStringsLimit) throw limit()
            strings().end()
          }
        },
        text: (buf, a, b, cdata) => {
          if (!inT) return
          if (cdata || !Bytes.hasAmp(buf, a, b)) strings().append(buf, a, b)
          else strings().appendString(Bytes.text(buf, a, b))
        }
      }, { source, part: sstRel.target })
    ) {
      // the table keeps the text
    }
    sharedStrings = strings()
  }
  return { sheets, date1904, styles, sharedStrings }
}
