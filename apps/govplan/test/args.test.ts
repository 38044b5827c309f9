import { describe, expect, it } from "vitest"
import * as Args from "../src/Args.js"

const spec = {
  year: { type: "string", needs: "a year such as 2022" },
  json: { type: "boolean" }
} as const

describe("Args.parse", () => {
  it("reads values as --name value and --name=value, flags, and -h", () => {
    expect(Args.parse(["--year", "2022", "--json"], spec)).toEqual({ _tag: "Values", values: { year: "2022", json: true } })
    expect(Args.parse(["--year=2023"], spec)).toEqual({ _tag: "Values", values: { year: "2023" } })
    expect(Args.parse(["-h"], spec)).toEqual({ _tag: "Values", values: { help: true } })
    expect(Args.parse([], spec)).toEqual({ _tag: "Values", values: {} })
  })

  it("names the option and what it needs when a value is missing, even before another option", () => {
    expect(Args.parse(["--year"], spec)).toEqual({ _tag: "Usage", message: "--year needs a year such as 2022" })
    expect(Args.parse(["--year", "--json"], spec)).toEqual({ _tag: "Usage", message: "--year needs a year such as 2022" })
  })

  it("rejects unknown options, values on flags and stray arguments", () => {
    expect(Args.parse(["--bogus"], spec)).toEqual({ _tag: "Usage", message: 'unknown option "--bogus"' })
    expect(Args.parse(["--json=1"], spec)).toEqual({ _tag: "Usage", message: "--json takes no value" })
    expect(Args.parse(["2022"], spec)).toEqual({ _tag: "Usage", message: 'unexpected argument "2022"' })
  })
})
