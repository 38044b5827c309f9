import { defineConfig, type Options } from "tsup"

/**
 * The one tsup configuration every library package calls: ESM + CJS + `.d.ts`,
 * one output file per entry, and every dependency (peer or plain) left external.
 */
export const libraryConfig = (options: { entry: NonNullable<Options["entry"]> } & Partial<Options>) =>
  defineConfig({
    format: ["esm", "cjs"],
    dts: true,
    clean: true,
    sourcemap: true,
    target: "es2022",
    splitting: false,
    treeshake: true,
    outDir: "dist",
    ...options
  })
