/**
 * A small XML reader and writer for the parts of a .docx: elements with their attributes in order,
 * text (entities decoded), comments and processing instructions dropped inside the root, the prolog
 * kept as written. Enough for WordprocessingML, which has no DTD; not a general XML parser.
 */

export interface Element {
  readonly name: string
  attrs: Record<string, string>
  children: Array<Node>
}

export type Node = Element | string

export interface Document {
  readonly prolog: string
  readonly root: Element
}

export type Parsed = { readonly _tag: "Document"; readonly document: Document } | { readonly _tag: "Error"; readonly offset: number; readonly message: string }

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: "\"", apos: "'" }

const decode = (s: string): string =>
  s.indexOf("&") < 0
    ? s
    : s.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) =>
      e[0] === "#" ? String.fromCodePoint(e[1] === "x" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)) : ENTITIES[e]!)

const NAME = /[^\s/>=]+/y
const ATTR = /\s*([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/y
const SPACE = /\s*/y

const error = (offset: number, message: string): Parsed => ({ _tag: "Error", offset, message })

/** Parses one part. Errors give the character offset. */
export const parse = (xml: string): Parsed => {
  const top: Element = { name: "", attrs: {}, children: [] }
  const stack: Array<Element> = [top]
  let prolog = ""
  let i = 0
  const n = xml.length
  while (i < n) {
    const lt = xml.indexOf("<", i)
    const end = lt < 0 ? n : lt
    if (end > i && stack.length > 1) stack[stack.length - 1]!.children.push(decode(xml.slice(i, end)))
    if (lt < 0) break
    const c = xml.charCodeAt(lt + 1)
    if (c === 63 /* ? */) {
      const close = xml.indexOf("?>", lt)
      if (close < 0) return error(lt, "unterminated processing instruction")
      if (stack.length === 1) prolog += xml.slice(lt, close + 2)
      i = close + 2
    } else if (c === 33 /* ! */) {
      if (xml.startsWith("<!--", lt)) {
        const close = xml.indexOf("-->", lt)
        if (close < 0) return error(lt, "unterminated comment")
        i = close + 3
      } else if (xml.startsWith("<![CDATA[", lt)) {
        const close = xml.indexOf("]]>", lt)
        if (close < 0) return error(lt, "unterminated CDATA section")
        if (stack.length > 1) stack[stack.length - 1]!.children.push(xml.slice(lt + 9, close))
        i = close + 3
      } else {
        const close = xml.indexOf(">", lt)
        if (close < 0) return error(lt, "unterminated declaration")
        i = close + 1
      }
    } else if (c === 47 /* / */) {
      const close = xml.indexOf(">", lt)
      if (close < 0) return error(lt, "unterminated end tag")
      const name = xml.slice(lt + 2, close).trim()
      const open = stack.pop()
      if (open === undefined || open === top || open.name !== name) return error(lt, `end tag </${name}> does not match <${open?.name ?? ""}>`)
      i = close + 1
    } else {
      NAME.lastIndex = lt + 1
      const m = NAME.exec(xml)
      if (m === null) return error(lt, "malformed tag")
      const el: Element = { name: m[0], attrs: {}, children: [] }
      let j = NAME.lastIndex
      for (;;) {
        ATTR.lastIndex = j
        const a = ATTR.exec(xml)
        if (a === null) break
        el.attrs[a[1]!] = decode(a[2] ?? a[3] ?? "")
        j = ATTR.lastIndex
      }
      SPACE.lastIndex = j
      SPACE.exec(xml)
      j = SPACE.lastIndex
      const parent = stack[stack.length - 1]!
      if (parent === top && top.children.length > 0) return error(lt, "more than one root element")
      parent.children.push(el)
      if (xml.charCodeAt(j) === 47 && xml.charCodeAt(j + 1) === 62) i = j + 2
      else if (xml.charCodeAt(j) === 62) {
        stack.push(el)
        i = j + 1
      } else return error(j, `malformed tag <${el.name}>`)
    }
  }
  if (stack.length > 1) return error(n, `<${stack[stack.length - 1]!.name}> is never closed`)
  const root = top.children.find((c): c is Element => typeof c !== "string")
  if (root === undefined) return error(0, "no root element")
  return { _tag: "Document", document: { prolog, root } }
}

const escText = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
const escAttr = (s: string) => escText(s).replace(/"/g, "&quot;")

const write = (el: Element, out: Array<string>): void => {
  out.push("<", el.name)
  for (const k in el.attrs) out.push(" ", k, "=\"", escAttr(el.attrs[k]!), "\"")
  if (el.children.length === 0) {
    out.push("/>")
    return
  }
  out.push(">")
  for (const c of el.children) {
    if (typeof c === "string") out.push(escText(c))
    else write(c, out)
  }
  out.push("</", el.name, ">")
}

/** The part's text again: the prolog, then the root. */
export const serialize = (doc: Document): string => {
  const out: Array<string> = [doc.prolog]
  write(doc.root, out)
  return out.join("")
}

/** The first child element named `name`. */
export const child = (el: Element | undefined, name: string): Element | undefined => {
  if (el === undefined) return undefined
  for (const c of el.children) if (typeof c !== "string" && c.name === name) return c
  return undefined
}

/** The child elements named `name`. */
export const children = (el: Element | undefined, name: string): Array<Element> => {
  const out: Array<Element> = []
  if (el !== undefined) for (const c of el.children) if (typeof c !== "string" && c.name === name) out.push(c)
  return out
}

/** `el`'s `w:val` (or another attribute), following a path of children. */
export const val = (el: Element | undefined, path: ReadonlyArray<string>, attr = "w:val"): string | undefined => {
  let e = el
  for (const p of path) e = child(e, p)
  return e?.attrs[attr]
}

/** A new element. */
export const element = (name: string, attrs: Record<string, string> = {}, kids: Array<Node> = []): Element => ({ name, attrs, children: kids })

/** The child named `name`, created (at the end, or by `order`) if missing. */
export const ensure = (el: Element, name: string, order?: ReadonlyArray<string>): Element => {
  const found = child(el, name)
  if (found !== undefined) return found
  const made = element(name)
  if (order !== undefined) {
    const rank = order.indexOf(name)
    const at = el.children.findIndex((c) => typeof c !== "string" && order.indexOf(c.name) > rank)
    if (at >= 0) {
      el.children.splice(at, 0, made)
      return made
    }
  }
  el.children.push(made)
  return made
}

/** Removes the children named `name`. */
export const remove = (el: Element, name: string): void => {
  el.children = el.children.filter((c) => typeof c === "string" || c.name !== name)
}
