/**
 * model, report and report-docx work in a browser: esbuild bundles them for
 * platform "browser" (no Node built-ins available, so any `node:` or `fs`
 * import is a build error), the bundle is checked for Node-only imports, and
 * then run to produce a .docx Blob with Packer.toBlob.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { pathToFileURL } from "node:url"
import { build } from "esbuild"
import { describe, expect, it } from "vitest"

const root = new URL("../../../", import.meta.url).pathname

const bundle = (contents: string) =>
  build({
    stdin: { contents, resolveDir: root, loader: "ts" },
    bundle: true,
    write: false,
    metafile: true,
    platform: "browser",
    format: "esm",
    conditions: ["@govplan/source"],
    logLevel: "silent"
  })

const NODE_BUILTIN = /(?:from|import|require)\s*\(?\s*["'](?:node:[a-z_/]+|fs|path|os|child_process|worker_threads|crypto|stream|zlib|url|util|buffer|module)["']/

describe("browser bundle of model + report + report-docx", () => {
  it("bundles for the browser with no Node-only import, and packs a .docx Blob", async () => {
    const result = await bundle(`
      import { Civil } from "@govplan/model"
      import { Report } from "@govplan/report"
      import { DocxRenderer } from "@govplan/report-docx"
      import { Effect } from "effect"
      export const run = () => Effect.runPromise(DocxRenderer.toBlob({
        metadata: { title: "浏览器中生成", office: "测试街道", date: Civil.unsafeDate("2022-12-31") },
        blocks: [Report.section("总体情况", [Report.paragraph("在浏览器中生成公文。"), Report.chart("图", { mark: "bar", categoryTitle: "a", valueTitle: "b", valueFormat: "number" }, [{ category: "甲", value: 1 }])])],
        attachments: []
      }, { layout: "文件" }))
    `)
    expect(result.errors).toEqual([])
    const inputs = Object.keys(result.metafile.inputs)
    expect(inputs.some((i) => i.includes("packages/report-docx/src/DocxRenderer.ts"))).toBe(true)
    expect(inputs.some((i) => i.includes("packages/model/src/"))).toBe(true)
    expect(inputs.filter((i) => /resvg|NodeNarrative|ResvgRasteriser|node:/.test(i))).toEqual([])
    const code = result.outputFiles[0]!.text
    expect(code.match(NODE_BUILTIN)?.[0]).toBeUndefined()
    // run it: Node 20 has Blob, so the browser build's Packer.toBlob works here too
    const dir = mkdtempSync(join(tmpdir(), "govplan-browser-"))
    try {
      const file = join(dir, "bundle.mjs")
      writeFileSync(file, code)
      const mod = await import(pathToFileURL(file).href)
      const blob: Blob = await mod.run()
      const bytes = new Uint8Array(await blob.arrayBuffer())
      expect([bytes[0], bytes[1]]).toEqual([0x50, 0x4b]) // a zip
      expect(bytes.length).toBeGreaterThan(5000)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it("the Node entry (resvg, fs) is what a browser build rejects", async () => {
    const failed = await bundle(`import { ResvgRasteriser } from "@govplan/report-docx/node"; console.log(ResvgRasteriser)`).then(
      (r) => r.errors.length > 0,
      () => true
    )
    expect(failed).toBe(true)
  })
})
