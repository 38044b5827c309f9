import * as fs from "node:fs"
import * as path from "node:path"
import { build, defineConfig, type Options } from "tsup"
import ts from "typescript"

/**
 * Repairs the namespaces rollup-plugin-dts (bundled in tsup) writes for `export * as X from "./X.js"`.
 * It declares each member through an alias, `declare const X_Name: typeof Name` for a value or
 * `type X_Name = Name` for a type, choosing by the LAST top-level declaration of `Name` in the
 * bundle; so a name that is both a value and a type (`export const Chart = Schema...` beside
 * `export interface Chart`, or `export const Metadata = Schema.Struct(...)` before
 * `export type Metadata = typeof Metadata.Type`) keeps only one half, and `X.Chart` is missing
 * as a type or as a value in the published `.d.ts`. This adds the missing half of each alias whose
 * name is declared in the same file as both a value and a type (and drops the `type` modifier
 * that would export the value half as a type only). Returns the code unchanged when nothing is lost.
 */
export const repairNamespaceAliases = (code: string, fileName = "index.d.ts"): string => {
  const sf = ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS)
  // the file's own top-level declarations, by name
  const values = new Set<string>()
  const types = new Map<string, ts.NodeArray<ts.TypeParameterDeclaration> | undefined>()
  // the plugin's aliases: alias name -> the name it stands for, as a value and/or as a type
  const valueAliases = new Map<string, { target: string; statement: ts.Statement }>()
  const typeAliases = new Map<string, { target: string; statement: ts.Statement }>()
  for (const s of sf.statements) {
    if (ts.isVariableStatement(s)) {
      for (const d of s.declarationList.declarations) if (ts.isIdentifier(d.name)) values.add(d.name.text)
      const [d] = s.declarationList.declarations
      if (s.declarationList.declarations.length === 1 && d !== undefined && ts.isIdentifier(d.name) && d.type !== undefined && ts.isTypeQueryNode(d.type) && ts.isIdentifier(d.type.exprName)) {
        valueAliases.set(d.name.text, { target: d.type.exprName.text, statement: s })
      }
    } else if (ts.isFunctionDeclaration(s) && s.name !== undefined) {
      values.add(s.name.text)
    } else if ((ts.isClassDeclaration(s) && s.name !== undefined) || ts.isEnumDeclaration(s)) {
      values.add(s.name!.text)
      types.set(s.name!.text, ts.isClassDeclaration(s) ? s.typeParameters : undefined)
    } else if (ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s)) {
      if (!types.has(s.name.text) || s.typeParameters !== undefined) types.set(s.name.text, s.typeParameters)
      if (ts.isTypeAliasDeclaration(s) && ts.isTypeReferenceNode(s.type) && ts.isIdentifier(s.type.typeName)) {
        typeAliases.set(s.name.text, { target: s.type.typeName.text, statement: s })
      }
    }
  }
  const edits: Array<{ at: number; end: number; text: string }> = []
  for (const s of sf.statements) {
    if (!ts.isModuleDeclaration(s) || !ts.isIdentifier(s.name) || s.body === undefined || !ts.isModuleBlock(s.body)) continue
    const ns = s.name.text
    for (const e of s.body.statements) {
      if (!ts.isExportDeclaration(e) || e.moduleSpecifier !== undefined || e.exportClause === undefined || !ts.isNamedExports(e.exportClause)) continue
      for (const spec of e.exportClause.elements) {
        const local = (spec.propertyName ?? spec.name).text
        const name = spec.name.text
        // only the plugin's own aliases, `${namespace}_${name}` standing for `name`
        if (local !== `${ns}_${name}` || !values.has(name) || !types.has(name)) continue
        const asValue = valueAliases.get(local)
        const asType = typeAliases.get(local)
        if (asValue !== undefined && asValue.target === name && asType === undefined) {
          // the value alone: add the type, with the declaration's type parameters
          const params = types.get(name)
          const inner = params === undefined || params.length === 0 ? "" : `<${params.map((p) => p.getText(sf)).join(", ")}>`
          const outer = params === undefined || params.length === 0 ? "" : `<${params.map((p) => p.name.text).join(", ")}>`
          edits.push({ at: asValue.statement.getEnd(), end: asValue.statement.getEnd(), text: `\ntype ${local}${inner} = ${name}${outer};` })
        } else if (asType !== undefined && asType.target === name && asValue === undefined) {
          // the type alone: add the value, and export both meanings
          edits.push({ at: asType.statement.getEnd(), end: asType.statement.getEnd(), text: `\ndeclare const ${local}: typeof ${name};` })
          if (spec.isTypeOnly) edits.push({ at: spec.getStart(sf), end: (spec.propertyName ?? spec.name).getStart(sf), text: "" })
        }
      }
    }
  }
  let out = code
  // the edits never overlap: apply them from the end
  for (const { at, end, text } of edits.sort((a, b) => b.at - a.at)) out = out.slice(0, at) + text + out.slice(end)
  return out
}

const repairDeclarationFiles = (outDir: string): void => {
  for (const entry of fs.readdirSync(outDir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !/\.d\.[cm]?ts$/.test(entry.name)) continue
    const file = path.join(entry.parentPath, entry.name)
    const code = fs.readFileSync(file, "utf8")
    const fixed = repairNamespaceAliases(code, file)
    if (fixed !== code) fs.writeFileSync(file, fixed)
  }
}

/**
 * The one tsup configuration every library package calls: ESM + CJS + `.d.ts`,
 * one output file per entry, and every dependency (peer or plain) left external.
 *
 * The `.d.ts` files are built after the JavaScript (a second, declarations-only tsup build run
 * from `onSuccess`, so the build ends only when they are written) and then repaired by
 * {@link repairNamespaceAliases}: without that, every `export * as X` namespace loses half of each
 * name that is both a value and a type.
 */
export const libraryConfig = (options: { entry: NonNullable<Options["entry"]> } & Options) => {
  const { dts = true, onSuccess, ...rest }: Options = {
    format: ["esm", "cjs"],
    clean: true,
    sourcemap: true,
    target: "es2022",
    splitting: false,
    treeshake: true,
    outDir: "dist",
    ...options
  }
  if (typeof onSuccess === "string") throw new Error("libraryConfig: give onSuccess as a function")
  return defineConfig({
    ...rest,
    dts: false,
    onSuccess: async () => {
      if (dts !== false) {
        const only = typeof dts === "object" ? { ...dts, only: true } : typeof dts === "string" ? { entry: dts, only: true } : { only: true }
        await build({ ...rest, config: false, clean: false, watch: false, dts: only })
        repairDeclarationFiles(rest.outDir ?? "dist")
      }
      return onSuccess === undefined ? undefined : onSuccess()
    }
  })
}
