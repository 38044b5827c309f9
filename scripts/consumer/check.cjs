// Checks shared by consumer.mjs and consumer.cjs: the hand-computed hotline KPIs of
// hotline-orders.csv, and a .docx that is a valid zip holding word/document.xml with the title.
// Plain Node (no dependency), so the check cannot pass because of a library it tests.
"use strict"
const fs = require("node:fs")
const zlib = require("node:zlib")

/** The hotline KPIs of hotline-orders.csv over 2022, computed by hand (see the rows in the CSV). */
const EXPECTED = {
  "urban.hotline.intake": { value: 5 },
  "urban.hotline.closures": { value: 4 },
  // 是: 0001, 0002, 0005 / evaluated (是 or 否): + 0003; 0004 is 未评价
  "urban.hotline.first-contact-rate": { value: 0.75, numerator: 3, denominator: 4 },
  // due in 2022: all 5; closed: all but 0004
  "urban.hotline.completion-rate": { value: 0.8, numerator: 4, denominator: 5 },
  // closed by the due time: 0001, 0003, 0005 (0002 closed 03-10, due 03-08; 0004 open)
  "urban.hotline.on-time-closure-rate": { value: 0.6, numerator: 3, denominator: 5 },
  // 不属实: 0002 / closed: 4
  "urban.hotline.unfounded-rate": { value: 0.25, numerator: 1, denominator: 4 },
  // 实际解决: 0001, 0003, 0005 / 实际解决 or 解释说明: + 0002
  "urban.hotline.actual-resolution-rate": { value: 0.75, numerator: 3, denominator: 4 },
  // weighted: 满意 1 + 基本满意 0.8 + 不满意 0 over 3 rated (0003 unrated)
  "urban.hotline.satisfaction-rate": { value: 0.6 },
  "urban.hotline.satisfied-share": { value: 2 / 3, numerator: 2, denominator: 3 },
  "urban.hotline.rating-coverage": { value: 0.75, numerator: 3, denominator: 4 },
  "urban.hotline.return-rate": { value: 0.2, numerator: 1, denominator: 5 }
}

const close = (a, b) => typeof a === "number" && Math.abs(a - b) < 1e-9

/** Throws unless `results` (Kpi.KpiResult[]) hold exactly the expected hotline values. */
function checkKpis(results) {
  const problems = []
  for (const [id, want] of Object.entries(EXPECTED)) {
    const got = results.filter((r) => r.kpiId === id)
    if (got.length !== 1) {
      problems.push(`${id}: expected one result, got ${got.length}`)
      continue
    }
    for (const [k, v] of Object.entries(want)) {
      if (!close(got[0][k], v)) problems.push(`${id}.${k}: expected ${v}, got ${JSON.stringify(got[0][k])}`)
    }
  }
  if (problems.length > 0) throw new Error(`KPI values differ from the hand-computed ones:\n  ${problems.join("\n  ")}`)
  return Object.keys(EXPECTED).length
}

/** Throws unless the load report says 5 read, 5 accepted, 0 rejected. */
function checkLoad(records, report) {
  if (records.length !== 5 || report.read !== 5 || report.accepted !== 5 || report.rejected !== 0) {
    throw new Error(`CSV load: expected 5 rows read and accepted, 0 rejected; got ${records.length} records, report ${JSON.stringify(report)}`)
  }
}

/** The entries of a zip file: name → bytes (stored or deflated). Throws on anything malformed. */
function readZip(buf) {
  const EOCD = 0x06054b50
  let eocd = -1
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i
      break
    }
  }
  if (eocd < 0) throw new Error("not a zip file: no end-of-central-directory record")
  const count = buf.readUInt16LE(eocd + 10)
  let p = buf.readUInt32LE(eocd + 16)
  const entries = new Map()
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`zip: bad central directory entry ${n}`)
    const method = buf.readUInt16LE(p + 10)
    const compressed = buf.readUInt32LE(p + 20)
    const size = buf.readUInt32LE(p + 24)
    const nameLen = buf.readUInt16LE(p + 28)
    const extraLen = buf.readUInt16LE(p + 30)
    const commentLen = buf.readUInt16LE(p + 32)
    const local = buf.readUInt32LE(p + 42)
    const name = buf.toString("utf8", p + 46, p + 46 + nameLen)
    if (buf.readUInt32LE(local) !== 0x04034b50) throw new Error(`zip: bad local header of ${name}`)
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28)
    const raw = buf.subarray(start, start + compressed)
    const data = method === 0 ? raw : method === 8 ? zlib.inflateRawSync(raw) : null
    if (data === null) throw new Error(`zip: ${name} uses compression method ${method}`)
    if (data.length !== size) throw new Error(`zip: ${name} inflates to ${data.length} bytes, the directory says ${size}`)
    entries.set(name, data)
    p += 46 + nameLen + extraLen + commentLen
  }
  return entries
}

/** Throws unless `file` is a .docx whose word/document.xml contains `title` (text of its w:t runs). */
function checkDocx(file, title) {
  const buf = fs.readFileSync(file)
  if (buf.length < 1000) throw new Error(`${file}: only ${buf.length} bytes`)
  const entries = readZip(buf)
  for (const need of ["[Content_Types].xml", "word/document.xml"]) {
    if (!entries.has(need)) throw new Error(`${file}: no ${need} in the zip (entries: ${[...entries.keys()].join(", ")})`)
  }
  const xml = entries.get("word/document.xml").toString("utf8")
  const text = [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join("")
  if (!text.includes(title)) throw new Error(`${file}: word/document.xml does not contain the title "${title}"`)
  return { bytes: buf.length, entries: entries.size, chars: text.length }
}

module.exports = { EXPECTED, checkKpis, checkLoad, checkDocx, readZip }
