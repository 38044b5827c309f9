/**
 * A SAX scanner over the UTF-8 bytes of the big parts (worksheets, shared strings), the hot path:
 * element names are matched as bytes against a small table (no string per tag), attributes and text
 * are handed over as byte ranges for the handlers to read as they need (a shared-string index or a
 * style as a number, a text as a string only when it is kept). Strict where a part can go wrong: an
 * end tag that does not match (prefix included), an element left open, a second root, text after it.
 *
 * A range is valid only during the handler call: the bytes are the inflated piece (or a piece joined
 * with the unfinished tail of the one before).
 *
 * @internal
 */
import { SourceError } from "@govplan/source"

/** @internal */
export interface Handlers {
  /** An element opens: its local name's index in the table (-1: another name), its attributes in `buf[a, b)`. */
  readonly open: (name: number, buf: Buffer, a: number, b: number, self: boolean) => void
  /** An element closes (also right after `open` for `<x/>`). */
  readonly close?: ((name: number) => void) | undefined
  /** Text between tags, `buf[a, b)`: raw bytes (entities not resolved) unless `cdata`. */
  readonly text?: ((buf: Buffer, a: number, b: number, cdata: boolean) => void) | undefined
}

const LT = 60
const GT = 62
const SLASH = 47
const BANG = 33
const QUESTION = 63
const COLON = 58
const AMP = 38

const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13

/** Whether `buf[a, b)` has a `&` (an entity or character reference to resolve). @internal */
export const hasAmp = (buf: Uint8Array, a: number, b: number): boolean => {
  for (let i = a; i < b; i++) if (buf[i] === AMP) return true
  return false
}

const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g
const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: "\"", apos: "'" }

/** Resolves the five XML entities and character references. @internal */
export const unescape = (s: string): string =>
  s.indexOf("&") < 0
    ? s
    : s.replace(ENTITY, (_, e: string) =>
      e.charCodeAt(0) === 35 ? String.fromCodePoint(e.charCodeAt(1) === 120 ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)) : NAMED[e]!)

/** `buf[a, b)` as text, entities resolved (unless `raw`: CDATA). @internal */
export const text = (buf: Buffer, a: number, b: number, raw = false): string => {
  const s = buf.toString("utf8", a, b)
  return raw ? s : unescape(s)
}

/**
 * The next attribute of a tag at or after `pos` in `buf[pos, end)`: writes name start/end and value
 * start/end to `out` and returns the position after the value, or -1 when there is none.
 *
 * @internal
 */
export const nextAttribute = (buf: Uint8Array, pos: number, end: number, out: Int32Array): number => {
  let i = pos
  while (i < end && (isSpace(buf[i]!) || buf[i] === SLASH)) i++
  if (i >= end) return -1
  const ns = i
  while (i < end && buf[i] !== 61 && !isSpace(buf[i]!)) i++
  const ne = i
  while (i < end && isSpace(buf[i]!)) i++
  if (buf[i] !== 61) return -1 // a name without a value: not an attribute
  i++
  while (i < end && isSpace(buf[i]!)) i++
  const q = buf[i]
  if (q !== 34 && q !== 39) return -1
  const vs = i + 1
  let ve = vs
  while (ve < end && buf[ve] !== q) ve++
  out[0] = ns
  out[1] = ne
  out[2] = vs
  out[3] = ve
  return ve + 1
}

/** Whether `buf[a, b)` spells `name` (ASCII). @internal */
export const is = (buf: Uint8Array, a: number, b: number, name: string): boolean => {
  if (b - a !== name.length) return false
  for (let i = 0; i < name.length; i++) if (buf[a + i] !== name.charCodeAt(i)) return false
  return true
}

/** The attributes of a tag as strings (for the rare elements: dimension, col, mergeCell). @internal */
export const attributes = (buf: Buffer, a: number, b: number): Record<string, string> => {
  const out: Record<string, string> = {}
  const r = new Int32Array(4)
  for (let p = nextAttribute(buf, a, b, r); p >= 0; p = nextAttribute(buf, p, b, r)) {
    out[buf.toString("latin1", r[0]!, r[1]!)] = text(buf, r[2]!, r[3]!)
  }
  return out
}

/**
 * Scans a part, yielding after each inflated piece so that a caller can hand on what the handlers
 * gathered (memory stays one piece plus what the handlers keep).
 *
 * @internal
 */
export async function* scan(
  chunks: AsyncIterable<Buffer>,
  names: ReadonlyArray<string>,
  handlers: Handlers,
  where: { readonly source: string; readonly part: string }
): AsyncGenerator<void> {
  const fail = (detail: string) =>
    new SourceError.SourceError({ reason: "Encoding", source: where.source, detail: `${where.part} is not well-formed XML: ${detail}` })
  const table = names.map((n) => Buffer.from(n, "latin1"))
  // qualified names on the stack as numbers: prefix id * 65536 + local id (table index, or an interned other name)
  const interned = new Map<string, number>()
  const spelled: Array<string> = []
  const intern = (s: string): number => {
    let id = interned.get(s)
    if (id === undefined) {
      id = spelled.length
      interned.set(s, id)
      spelled.push(s)
    }
    return id
  }
  intern("") // prefix 0: none
  const OTHER = 1024 // local ids of names outside the table start here
  let lastPrefix: Buffer = Buffer.alloc(0)
  let lastPrefixId = 0
  let local = -1 // the table index of the name just read
  const nameId = (buf: Buffer, a: number, b: number): number => {
    let colon = -1
    for (let i = a; i < b; i++) {
      if (buf[i] === COLON) {
        colon = i
        break
      }
    }
    let prefix = 0
    let s = a
    if (colon >= 0) {
      s = colon + 1
      const len = colon - a
      let same = lastPrefix.length === len
      for (let i = 0; same && i < len; i++) same = lastPrefix[i] === buf[a + i]
      if (!same) {
        lastPrefix = Buffer.from(buf.subarray(a, colon))
        lastPrefixId = intern(lastPrefix.toString("utf8"))
      }
      prefix = lastPrefixId
    }
    const len = b - s
    const first = buf[s]
    local = -1
    for (let t = 0; t < table.length; t++) {
      const n = table[t]!
      if (n.length !== len || n[0] !== first) continue
      let k = 1
      while (k < len && n[k] === buf[s + k]) k++
      if (k === len) {
        local = t
        break
      }
    }
    const id = local >= 0 ? local : OTHER + intern(buf.toString("utf8", s, b))
    return prefix * 65536 + id
  }
  const spell = (id: number): string => {
    const prefix = spelled[Math.floor(id / 65536)]!
    const l = id % 65536
    const name = l >= OTHER ? spelled[l - OTHER]! : names[l]!
    return prefix === "" ? name : `${prefix}:${name}`
  }
  const stack: Array<number> = []
  const onText = handlers.text
  const onClose = handlers.close
  const onOpen = handlers.open
  let rootClosed = false

  /** Reads `buf` from its start; returns where the unfinished tail starts (buf.length when none). */
  const run = (buf: Buffer, final: boolean): number => {
    let i = 0
    const n = buf.length
    while (i < n) {
      const lt = buf.indexOf(LT, i)
      if (lt < 0) {
        if (!final) return i
        for (let k = i; k < n; k++) {
          if (!isSpace(buf[k]!)) throw fail(stack.length === 0 ? "text after the root element" : `<${spell(stack[stack.length - 1]!)}> is never closed`)
        }
        return n
      }
      if (lt > i) {
        if (stack.length === 0 && rootClosed) {
          for (let k = i; k < lt; k++) if (!isSpace(buf[k]!)) throw fail("text after the root element")
        } else if (onText !== undefined) onText(buf, i, lt, false)
      }
      const next = buf[lt + 1]
      if (next === undefined) {
        if (final) throw fail("a tag is never closed")
        return lt
      }
      if (next === BANG) {
        // <!-- comment -->, <![CDATA[ … ]]>, <!DOCTYPE …>
        if (buf.length - lt < 9 && !final) return lt
        if (is(buf, lt, lt + 4, "<!--")) {
          const end = buf.indexOf("-->", lt + 4, "latin1")
          if (end < 0) {
            if (final) throw fail("a comment is never closed")
            return lt
          }
          i = end + 3
        } else if (is(buf, lt, lt + 9, "<![CDATA[")) {
          const end = buf.indexOf("]]>", lt + 9, "latin1")
          if (end < 0) {
            if (final) throw fail("a CDATA section is never closed")
            return lt
          }
          if (onText !== undefined) onText(buf, lt + 9, end, true)
          i = end + 3
        } else {
          const end = tagEnd(buf, lt)
          if (end < 0) {
            if (final) throw fail("a declaration is never closed")
            return lt
          }
          i = end + 1
        }
        continue
      }
      if (next === QUESTION) {
        const end = buf.indexOf("?>", lt + 2, "latin1")
        if (end < 0) {
          if (final) throw fail("a processing instruction is never closed")
          return lt
        }
        i = end + 2
        continue
      }
      const gt = tagEnd(buf, lt)
      if (gt < 0) {
        if (final) throw fail("a tag is never closed")
        return lt
      }
      if (next === SLASH) {
        let a = lt + 2
        let b = gt
        while (a < b && isSpace(buf[a]!)) a++
        while (b > a && isSpace(buf[b - 1]!)) b--
        const id = nameId(buf, a, b)
        const open = stack.pop()
        if (open !== id) throw fail(open === undefined ? `</${spell(id)}> closes nothing` : `</${spell(id)}> closes <${spell(open)}>`)
        if (onClose !== undefined) onClose(local)
      } else {
        const self = buf[gt - 1] === SLASH
        const bodyEnd = self ? gt - 1 : gt
        let k = lt + 1
        while (k < bodyEnd) {
          const c = buf[k]!
          if (isSpace(c) || c === SLASH) break
          k++
        }
        if (k === lt + 1) throw fail(`a tag without a name at ${JSON.stringify(buf.toString("utf8", lt, Math.min(gt + 1, lt + 40)))}`)
        if (stack.length === 0 && rootClosed) throw fail("a second root element")
        const id = nameId(buf, lt + 1, k)
        const l = local
        onOpen(l, buf, k, bodyEnd, self)
        if (self) {
          if (onClose !== undefined) onClose(l)
        } else stack.push(id)
      }
      i = gt + 1
      if (stack.length === 0) rootClosed = true
    }
    return n
  }

  let carry: Buffer | undefined
  for await (const chunk of chunks) {
    const buf = carry === undefined || carry.length === 0 ? chunk : Buffer.concat([carry, chunk])
    const at = run(buf, false)
    // the unfinished tail is copied: the piece it is part of may be reused
    carry = at < buf.length ? Buffer.from(buf.subarray(at)) : undefined
    yield
  }
  if (carry !== undefined) run(carry, true)
  if (stack.length > 0) throw fail(`<${spell(stack[stack.length - 1]!)}> is never closed`)
  yield
}

/** The end (`>`) of the tag opening at `from`, past `>` inside quoted attribute values; -1 when the bytes end first. */
const tagEnd = (buf: Uint8Array, from: number): number => {
  const n = buf.length
  let i = from + 1
  for (;;) {
    // fast path: no quote before the next >
    let j = i
    while (j < n) {
      const c = buf[j]!
      if (c === GT) return j
      if (c === 34 || c === 39) break
      j++
    }
    if (j >= n) return -1
    const q = buf[j]
    j++
    while (j < n && buf[j] !== q) j++
    if (j >= n) return -1
    i = j + 1
  }
}
