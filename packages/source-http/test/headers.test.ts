import { describe, expect, it } from "vitest"
import { backoff, getPath, isJsonContentType, nextLink, parseLinkHeader, parseRetryAfter, redactUrl } from "../src/internal/headers.js"

describe("Retry-After", () => {
  const now = Date.parse("2022-03-01T00:00:00Z")
  it("reads seconds and HTTP-dates", () => {
    expect(parseRetryAfter("120", now)).toBe(120_000)
    expect(parseRetryAfter(" 0 ", now)).toBe(0)
    expect(parseRetryAfter("Tue, 01 Mar 2022 00:00:30 GMT", now)).toBe(30_000)
    expect(parseRetryAfter("Mon, 28 Feb 2022 23:00:00 GMT", now)).toBe(0) // in the past: now
    expect(parseRetryAfter("1.5", now)).toBe(1500)
  })
  it("ignores what it cannot read", () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined()
    expect(parseRetryAfter("", now)).toBeUndefined()
    expect(parseRetryAfter("soon", now)).toBeUndefined()
    expect(parseRetryAfter("-5", now)).toBeUndefined()
  })
})

describe("Link header", () => {
  it("finds rel=next among several links, resolving relative URLs", () => {
    const h = `<https://api.x/items?page=1>; rel="first", </items?page=3&q=a,b>; rel="next", <https://api.x/items?page=9>; rel=last`
    expect(nextLink(h, "https://api.x/items?page=2")).toBe("https://api.x/items?page=3&q=a,b")
    expect(parseLinkHeader(h, "https://api.x/").map((l) => l.rel)).toEqual([["first"], ["next"], ["last"]])
  })
  it("handles several rels in one link, unquoted rels, other parameters and case", () => {
    expect(nextLink(`<https://a/2>; title="p2"; REL="Next Last"`, "https://a/1")).toBe("https://a/2")
    expect(nextLink(`<https://a/2>; rel=next`, "https://a/1")).toBe("https://a/2")
  })
  it("no next", () => {
    expect(nextLink(undefined, "https://a/")).toBeUndefined()
    expect(nextLink(`<https://a/1>; rel="prev"`, "https://a/")).toBeUndefined()
    expect(nextLink(`garbage`, "https://a/")).toBeUndefined()
  })
})

describe("helpers", () => {
  it("content types", () => {
    expect(isJsonContentType("application/json")).toBe(true)
    expect(isJsonContentType("Application/JSON; charset=utf-8")).toBe(true)
    expect(isJsonContentType("application/vnd.api+json")).toBe(true)
    expect(isJsonContentType("text/json")).toBe(true)
    expect(isJsonContentType("text/html")).toBe(false)
    expect(isJsonContentType("application/jsonp")).toBe(false)
    expect(isJsonContentType(undefined)).toBe(false)
  })
  it("backoff doubles, with half of it random, capped", () => {
    expect(backoff(0, 100, 10_000, () => 0)).toBe(50)
    expect(backoff(0, 100, 10_000, () => 1)).toBe(100)
    expect(backoff(3, 100, 10_000, () => 0)).toBe(400)
    expect(backoff(20, 100, 10_000, () => 1)).toBe(10_000)
  })
  it("dotted paths", () => {
    expect(getPath({ a: { b: [1] } }, "a.b")).toEqual([1])
    expect(getPath({ a: null }, "a.b")).toBeUndefined()
    expect(getPath([1], "")).toEqual([1])
  })
  it("masks secrets in URLs", () => {
    expect(redactUrl("https://u:pw@x.cn/a?api_key=K&page=2&Token=T")).toBe("https://u:***@x.cn/a?api_key=***&page=2&Token=***")
  })
})
