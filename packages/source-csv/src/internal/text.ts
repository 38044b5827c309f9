import iconv from "iconv-lite"

/** @internal */
export type Decoder = {
  readonly encoding: string
  /** Decodes the next bytes; the text and whether it contains bytes invalid in the encoding. */
  readonly write: (bytes: Uint8Array) => { readonly text: string; readonly invalid: boolean }
  readonly end: () => { readonly text: string; readonly invalid: boolean }
}

const REPLACEMENT = "\uFFFD"

/** @internal */
export const normalizeEncoding = (name: string): string => {
  const n = name.trim().toLowerCase().replace(/_/g, "-")
  if (n === "utf8" || n === "utf-8" || n === "utf-8-sig") return "utf-8"
  if (n === "gb2312" || n === "cp936" || n === "windows-936" || n === "gbk") return "gbk"
  if (n === "gb18030" || n === "gb-18030") return "gb18030"
  if (n === "utf16le" || n === "utf-16le" || n === "ucs2" || n === "ucs-2") return "utf-16le"
  if (n === "utf16be" || n === "utf-16be") return "utf-16be"
  return n
}

/** @internal */
export const isSupportedEncoding = (name: string): boolean =>
  name === "utf-8" || iconv.encodingExists(name)

/** The encoding named by a byte-order mark, and its length. */
export const bomOf = (b: Uint8Array): readonly [string, number] | undefined => {
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return ["utf-8", 3]
  if (b.length >= 4 && b[0] === 0x84 && b[1] === 0x31 && b[2] === 0x95 && b[3] === 0x33) return ["gb18030", 4]
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return ["utf-16le", 2]
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return ["utf-16be", 2]
  return undefined
}

/** Counts well-formed multi-byte UTF-8 characters and invalid bytes. */
const utf8Stats = (b: Uint8Array, atEnd: boolean): { readonly valid: number; readonly invalid: number } => {
  let valid = 0
  let invalid = 0
  let i = 0
  const len = b.length
  while (i < len) {
    const c = b[i]!
    if (c < 0x80) {
      i++
      continue
    }
    const n = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1
    if (n < 0) {
      invalid++
      i++
      continue
    }
    if (i + n >= len) {
      // a character cut by the end of the sample
      if (atEnd) invalid++
      break
    }
    const lo = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80
    const hi = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf
    let ok = b[i + 1]! >= lo && b[i + 1]! <= hi
    for (let k = 2; ok && k <= n; k++) ok = b[i + k]! >= 0x80 && b[i + k]! <= 0xbf
    if (ok) {
      valid++
      i += n + 1
    } else {
      invalid++
      i++
    }
  }
  return { valid, invalid }
}

/**
 * Detects the encoding of a file from its first bytes: a byte-order mark, else
 * UTF-8 when the bytes are UTF-8 (allowing a few stray invalid bytes among many
 * valid characters: they are reported per row), else GB18030 (a superset of GBK
 * and GB2312, what Excel on Chinese Windows writes).
 *
 * @internal
 */
export const detectEncoding = (sample: Uint8Array, atEnd: boolean): string => {
  const bom = bomOf(sample)
  if (bom !== undefined) return bom[0]
  const { invalid, valid } = utf8Stats(sample, atEnd)
  if (invalid === 0 || valid >= 8 * invalid) return "utf-8"
  return "gb18030"
}

const hasLegitReplacement = (bytes: Uint8Array): boolean => {
  // U+FFFD written in the file itself (EF BF BD) is data, not a decoding error
  for (let i = 0; i + 2 < bytes.length; i++) {
    if (bytes[i] === 0xef && bytes[i + 1] === 0xbf && bytes[i + 2] === 0xbd) return true
  }
  return false
}

/** @internal */
export const makeDecoder = (encoding: string): Decoder => {
  if (encoding === "utf-8") {
    const td = new TextDecoder("utf-8", { ignoreBOM: false })
    let legit = false
    return {
      encoding,
      write: (bytes) => {
        const text = td.decode(bytes, { stream: true })
        const has = text.includes(REPLACEMENT)
        if (has && !legit) legit = hasLegitReplacement(bytes)
        return { text, invalid: has && !legit }
      },
      end: () => {
        const text = td.decode()
        return { text, invalid: text.includes(REPLACEMENT) }
      }
    }
  }
  const d = iconv.getDecoder(encoding, { stripBOM: true })
  return {
    encoding,
    write: (bytes) => {
      const text = d.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))
      return { text, invalid: text.includes(REPLACEMENT) }
    },
    end: () => {
      const text = d.end() ?? ""
      return { text, invalid: text.includes(REPLACEMENT) }
    }
  }
}
