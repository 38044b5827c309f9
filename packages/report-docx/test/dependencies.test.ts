/**
 * docx 9.8+ depends on nanoid 6, whose `engines` asks for Node 22, while govplan supports Node 20.19+.
 * That is safe only because docx bundles the non-secure nanoid into its own dist and never loads the
 * nanoid package at run time (npm prints an EBADENGINE warning on Node 20, nothing more). This test
 * keeps that true: if a docx release starts loading nanoid, the engines floor must be revisited.
 */
import { createRequire } from "node:module"
import * as fs from "node:fs"
import * as path from "node:path"
import { describe, expect, it } from "vitest"

const require = createRequire(import.meta.url)
// docx's exports map has no "./package.json": find its folder from the resolved entry
let docxRoot = path.dirname(require.resolve("docx"))
while (!fs.existsSync(path.join(docxRoot, "package.json"))) docxRoot = path.dirname(docxRoot)
const docxPackage = path.join(docxRoot, "package.json")
const pkg = JSON.parse(fs.readFileSync(docxPackage, "utf8")) as { exports: Record<string, { import: { default: string }; require: { default: string } }> }
const entries = [pkg.exports["."]!.import.default, pkg.exports["."]!.require.default].map((f) => path.join(path.dirname(docxPackage), f))

describe("docx's run-time dependencies", () => {
  it.each(entries)("%s does not load the nanoid package (it bundles its own copy)", (file) => {
    const code = fs.readFileSync(file, "utf8")
    expect(code).not.toMatch(/(?:from\s*|require\(\s*|import\(\s*)["']nanoid(?:\/[^"']*)?["']/)
    // the bundled copy is there: the check above looks at the right file
    expect(code).toMatch(/node_modules\/nanoid\//)
  })
})
