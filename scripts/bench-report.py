"""python-docx writing the benchmark's report (see bench-report.mjs): the same text, headings,
KPI tables, page setup, fonts (all four slots, zh-CN), condensed runs, exact 579-twip lines and
odd/even page-number footers. Prints one JSON line: { ms, rssMB, bytes }.
Run with Debian's /usr/bin/python3 (python3-docx)."""
import json, resource, sys, time, os
from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, Twips

source, output = sys.argv[1], sys.argv[2]
report = json.load(open(source, encoding="utf-8"))

STATUS = {"achieved": "已完成", "onTrack": "进度正常", "atRisk": "存在风险", "offTrack": "滞后", "noData": "暂无数据", "notAssessed": "定性评价"}
CN = "零一二三四五六七八九"

def chinese(n):
    # as @govplan/report's Numbering.chinese: 10 → 十, 12 → 十二, 105 → 一百零五 (1 to 9999)
    units = ["", "十", "百", "千"]
    ds = [int(c) for c in str(n)]
    out, zero = "", False
    for i, d in enumerate(ds):
        if d == 0:
            zero = out != ""
            continue
        if zero: out += "零"
        zero = False
        out += CN[d] + units[len(ds) - 1 - i]
    return out[1:] if out.startswith("一十") else out

def label(level, n):
    return [f"{chinese(n)}、", f"（{chinese(n)}）", f"{n}.", f"（{n}）"][level - 1]

def fonts(run, east, latin="Times New Roman", size=16, spacing=-5):
    rpr = run._element.get_or_add_rPr()
    rf = OxmlElement("w:rFonts")
    for k, v in (("w:ascii", latin), ("w:hAnsi", latin), ("w:eastAsia", east), ("w:cs", east), ("w:hint", "eastAsia")):
        rf.set(qn(k), v)
    rpr.insert(0, rf)
    if spacing:
        sp = OxmlElement("w:spacing"); sp.set(qn("w:val"), str(spacing)); rpr.append(sp)
    run.font.size = Pt(size)
    lang = OxmlElement("w:lang"); lang.set(qn("w:val"), "zh-CN"); lang.set(qn("w:eastAsia"), "zh-CN"); rpr.append(lang)

def exact(p, indent=True):
    pf = p.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Twips(579)
    pf.space_before = 0
    pf.space_after = 0
    if indent: pf.first_line_indent = Twips(640)

t0 = time.perf_counter()
doc = Document()
settings = doc.settings.element
eo = OxmlElement("w:evenAndOddHeaders"); settings.append(eo)
sec = doc.sections[0]
sec.page_width, sec.page_height = Twips(11906), Twips(16838)
sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = Twips(2098), Twips(1984), Twips(1587), Twips(1474)
sec.header_distance, sec.footer_distance = Twips(851), Twips(1417)

def page_number(paragraph, right):
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if right else WD_ALIGN_PARAGRAPH.LEFT
    for part in ("— ", None, " —"):
        r = paragraph.add_run()
        if part is None:
            b = OxmlElement("w:fldChar"); b.set(qn("w:fldCharType"), "begin"); r._element.append(b)
            it = OxmlElement("w:instrText"); it.text = "PAGE"; r._element.append(it)
            e = OxmlElement("w:fldChar"); e.set(qn("w:fldCharType"), "end"); r._element.append(e)
        else:
            r.text = part
        fonts(r, "宋体", "宋体", 14, 0)

page_number(sec.footer.paragraphs[0], True)
page_number(sec.even_page_footer.paragraphs[0], False)

title = doc.add_paragraph(); exact(title, False); title.alignment = WD_ALIGN_PARAGRAPH.CENTER
fonts(title.add_run(report["metadata"]["title"]), "方正小标宋简体", size=22, spacing=0)
exact(doc.add_paragraph(), False)
ROLES = ["黑体", "楷体_GB2312", "仿宋_GB2312", "仿宋_GB2312"]
tables = 0
WIDTHS = [2964, 1680, 1680, 1200, 1320]

def walk(blocks, level):
    global tables
    n = 0
    for b in blocks:
        tag = b["_tag"]
        if tag == "Section":
            n += 1
            p = doc.add_paragraph(); exact(p); p.paragraph_format.keep_with_next = True
            fonts(p.add_run(label(level, n) + b["title"]), ROLES[level - 1])
            walk(b["blocks"], level + 1)
        elif tag == "Paragraph":
            p = doc.add_paragraph(); exact(p); p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            if b.get("lead"):
                r = p.add_run(b["lead"]); r.bold = True; fonts(r, "仿宋_GB2312")
            fonts(p.add_run(b["text"]), "仿宋_GB2312")
        elif tag == "KpiTable":
            tables += 1
            cap = doc.add_paragraph(); exact(cap, False); cap.alignment = WD_ALIGN_PARAGRAPH.CENTER
            fonts(cap.add_run(f"表{tables}　{b.get('caption', '')}"), "黑体", size=14, spacing=0)
            rows = b["rows"]
            table = doc.add_table(rows=len(rows) + 1, cols=5)
            table.style = "Table Grid"
            table.autofit = False
            def fill(cell, text, east="仿宋_GB2312", i=0):
                cell.width = Twips(WIDTHS[i])
                p = cell.paragraphs[0]
                p.paragraph_format.space_before = 0; p.paragraph_format.space_after = 0; p.paragraph_format.line_spacing = 1.0
                fonts(p.add_run(text), east, size=12, spacing=0)
            header = table.rows[0]
            trpr = header._tr.get_or_add_trPr(); th = OxmlElement("w:tblHeader"); trpr.append(th)
            for i, h in enumerate(["指标", "目标", "实际", "状态", "分子/分母"]):
                fill(header.cells[i], h, "黑体", i)
            for r, row in zip(rows, table.rows[1:]):
                cells = row.cells
                values = [r["indicator"], r["target"], r["actual"], STATUS[r["status"]], f"{r['numerator']}/{r['denominator']}" if "numerator" in r else "—"]
                for i, v in enumerate(values):
                    fill(cells[i], v, i=i)
            exact(doc.add_paragraph(), False)

walk(report["blocks"], 1)
exact(doc.add_paragraph(), False)
s = doc.add_paragraph(); exact(s, False); s.paragraph_format.left_indent = Twips(5380); fonts(s.add_run(report["metadata"]["office"]), "仿宋_GB2312")
d = doc.add_paragraph(); exact(d, False); d.paragraph_format.left_indent = Twips(6010); fonts(d.add_run("2022年12月31日"), "仿宋_GB2312")
doc.save(output)
ms = (time.perf_counter() - t0) * 1000
print(json.dumps({"ms": ms, "rssMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "bytes": os.path.getsize(output)}))
