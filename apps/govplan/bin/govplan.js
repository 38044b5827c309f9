#!/usr/bin/env node
// The govplan CLI runs straight from the TypeScript sources of the workspace:
// tsx compiles on the fly and the "@govplan/source" export condition points
// every @govplan/* package at its src/, so no build step is needed after `npm ci`.
import { spawnSync } from "node:child_process"
import { fileURLToPath } from "node:url"

const cli = fileURLToPath(new URL("../src/cli.ts", import.meta.url))
// tsx as this file resolves it, so govplan runs from any working directory
const tsx = import.meta.resolve("tsx")
const result = spawnSync(
  process.execPath,
  ["--conditions=@govplan/source", "--import", tsx, cli, ...process.argv.slice(2)],
  { stdio: "inherit" }
)
if (result.error) {
  console.error(`govplan: could not start: ${result.error.message}`)
  process.exit(1)
}
process.exit(result.status ?? 1)
