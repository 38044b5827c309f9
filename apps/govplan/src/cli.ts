/**
 * The govplan command line. Each command lives in its own file under
 * `commands/` and is loaded only when it is called.
 *
 * `--verbose` (anywhere on the line, any command) or `GOVPLAN_DEBUG=1` shows the stack trace of an
 * error; without it an error is one line and its exit code (see `Failure.ExitCode`).
 */
import type { Command } from "./Command.js"
import * as Failure from "./Failure.js"
import * as Output from "./Output.js"

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
  lines.push("", "Run `govplan <command> --help` for a command's options.", "", Failure.EXIT_HELP)
  return lines.join("\n")
}

const main = async (args: ReadonlyArray<string>): Promise<number> => {
  Failure.setVerbose(args.includes("--verbose"))
  const [name, ...rest] = args.filter((a) => a !== "--verbose")
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    const text = await usage()
    if (name === undefined) console.error(`govplan: no command given\n\n${text}`)
    else console.log(text)
    return name === undefined ? Failure.ExitCode.usage : Failure.ExitCode.ok
  }
  const load = commands[name]
  if (load === undefined) {
    console.error(`govplan: unknown command ${JSON.stringify(Failure.mask(name))}\n\n${await usage()}`)
    return Failure.ExitCode.usage
  }
  const command = await load()
  return command.run(rest)
}

// Ctrl-C or a kill: no half-written output is left behind (see Output.writeAtomic)
for (const [signal, code] of [["SIGINT", Failure.ExitCode.interrupted], ["SIGTERM", 143]] as const) {
  process.once(signal, () => {
    Output.removePending()
    process.stderr.write(`\ngovplan: interrupted (${signal})\n`, () => process.exit(code))
  })
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => Failure.report("govplan", error).then((code) => process.exit(code))
)
