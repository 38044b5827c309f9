"""pandas baseline for scripts/bench-csv.mjs and scripts/bench-xlsx.mjs: read_csv (or, for an .xlsx,
read_excel with openpyxl, below the title row) + the same four 12345 rates, one file.

Run with Debian's python3-pandas (and python3-openpyxl): /usr/bin/python3 scripts/bench-csv.py FILE
Prints one JSON line: seconds, rows, the rates' parts, maxRssMB.
"""
import json
import resource
import sys
import time

import pandas as pd

t0 = time.time()
if sys.argv[1].endswith(".xlsx"):
    # the date cells come as Timestamps; as text they read "2022-03-01 08:30:00", as in the CSV
    df = pd.read_excel(sys.argv[1], skiprows=1, dtype=str, engine="openpyxl").fillna("")
else:
    df = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False)


def in_2022(col):
    d = df[col].str.slice(0, 10)
    return (d >= "2022-01-01") & (d < "2023-01-01")


closed = df["结案时间"] != ""
closures = int((closed & in_2022("结案时间")).sum())
due = in_2022("办理期限")
on_time = int((due & closed & (df["结案时间"] <= df["办理期限"])).sum())
due_n = int(due.sum())
accepted = in_2022("受理时间")
fc_num = int((accepted & (df["先行联系"] == "是")).sum())
fc_den = int((accepted & df["先行联系"].isin(["是", "否"])).sum())
weights = df["满意度"].map({"满意": 1.0, "基本满意": 0.8, "一般": 0.6, "不满意": 0.0})
rated = in_2022("结案时间") & weights.notna()
sat_num = float(weights[rated].sum())
sat_den = int(rated.sum())
seconds = time.time() - t0
print(json.dumps({
    "seconds": seconds,
    "rows": len(df),
    "kpis": {
        "closures": [closures, None],
        "on-time-closure-rate": [on_time, due_n],
        "first-contact-rate": [fc_num, fc_den],
        "satisfaction-rate": [round(sat_num, 6), sat_den],
    },
    "maxRssMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
