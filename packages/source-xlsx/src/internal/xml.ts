/**
 * SAX over zip entries: saxes (a conforming, streaming XML parser) fed with the inflated bytes as
 * they come, element names without their namespace prefix (`x:row` is `row`).
 *
 * @internal
 */
import { SaxesParser, type SaxesTagPlain } from "saxes"
import { SourceError } from "@govplan/source"

/** @internal */
export interface Handlers {
  readonly open: (name: string, attributes: Record<string, string>, selfClosing: boolean) => void
  readonly close?: (name: string) => void
  readonly text?: (text: string) => void
}

/** @internal */
export const local = (name: string): string => {
  const i = name.indexOf(":")
  return i < 0 ? name : name.slice(i + 1)
}

/**
 * Parses an entry, yielding after each piece of bytes so that a caller can hand on what the
 * handlers gathered (memory stays one piece plus what the handlers keep).
 *
 * @internal
 */
export async function* feed(
  chunks: AsyncIterable<Uint8Array>,
  handlers: Handlers,
  where: { readonly source: string; readonly part: string }
): AsyncGenerator<void> {
  const parser = new SaxesParser({ position: false, xmlns: false })
  let error: unknown
  parser.on("error", (e) => {
    error ??= e
  })
  parser.on("opentag", (tag: SaxesTagPlain) => handlers.open(local(tag.name), tag.attributes, tag.isSelfClosing))
  const close = handlers.close
  if (close !== undefined) parser.on("closetag", (tag) => close(local(tag.name)))
  const text = handlers.text
  if (text !== undefined) {
    parser.on("text", text)
    parser.on("cdata", text)
  }
  const decoder = new TextDecoder("utf-8")
  const check = () => {
    if (error !== undefined) {
      const e = error
      throw e instanceof SourceError.SourceError ? e : new SourceError.SourceError({
        reason: "Encoding",
        source: where.source,
        detail: `${where.part} is not well-formed XML: ${e instanceof Error ? e.message : String(e)}`,
        cause: e
      })
    }
  }
  for await (const chunk of chunks) {
    parser.write(decoder.decode(chunk, { stream: true }))
    check()
    yield
  }
  parser.write(decoder.decode())
  parser.close()
  check()
  yield
}

/** Parses a whole (small) part. @internal */
export const parseAll = async (chunks: AsyncIterable<Uint8Array>, handlers: Handlers, where: { readonly source: string; readonly part: string }): Promise<void> => {
  for await (const _ of feed(chunks, handlers, where)) {
    // the handlers keep what they need
  }
}
