/**
 * The govplan command line. Each command lives in its own file under
 * `commands/` and is loaded only when it is called.
 */
import type { Command } from "./Command.js"

const commands: Record<string, () => Promise<Command>> = {
  plan: () => import("./commands/plan.js").then((m) => m.command),
  generate: () => import("./commands/generate.js").then((m) => m.command),
  kpi: () => import("./commands/kpi.js").then((m) => m.command),
  report: () => import("./commands/report.js").then((m) => m.command),
  lint: () => import("./commands/lint.js").then((m) => m.command),
  template: () => import("./commands/template.js").then((m) => m.command)
}

const usage = async (): Promise<string> => {
  const lines = ["usage: govplan <command> [options]", "", "commands:"]
  for (const [name, load] of Object.entries(commands)) {
    const summary = await load().then((c) => c.summary, () => "(not available)")
    lines.push(`  ${name.padEnd(10)}${summary}`)
  }
  lines.push("", "Run `govplan <command> --help` for a command's options.")
  return lines.join("\n")
}

const main = async (argv: ReadonlyArray<string>): Promise<number> => {
  const [name, ...rest] = argv
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    console.log(await usage())
    return name === undefined ? 2 : 0
  }
  const load = commands[name]
  if (load === undefined) {
    console.error(`govplan: unknown command "${name}"\n\n${await usage()}`)
    return 2
  }
  const command = await load()
  return command.run(rest)
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`govplan: ${error instanceof Error ? error.stack ?? error.message : String(error)}`)
    process.exit(1)
  }
)
