#!/usr/bin/env python3
"""Build urban.csv (trip,time,lat,lon) from Porto taxi (ECML/PKDD 2015) rows.

Input: CSV(s) in the original challenge format
  TRIP_ID,CALL_TYPE,ORIGIN_CALL,ORIGIN_STAND,TAXI_ID,TIMESTAMP,DAY_TYPE,MISSING_DATA,POLYLINE
  POLYLINE = JSON list of [lon, lat], one fix every 15 s starting at TIMESTAMP (unix s, UTC).

Input: train.csv of the challenge (CC BY 4.0, UCI dataset 339, not shipped here), or any
part of it, e.g. data/train.1k.csv of the GitHub repo mtrevi/Kaggle_2015_ECML-PKDD (its
first 999 trips), which BENCHMARKS.md (B8) measured. The challenge's test.csv holds
truncated trips: do not use it.

Rules (per trip):
  * skip MISSING_DATA == True
  * time of fix i = TIMESTAMP + 15 s * i
  * bad fixes: a fix implying > 150 km/h from the last kept fix is dropped;
    if more than 10 % of the fixes (or the first fix) would be dropped, the trip is dropped
  * keep if duration 5..40 min, straight-line start->end >= 1 km, >= 20 fixes
Usage: bench/eta-porto.py train.csv [-o porto-trips.csv], then bench/eta porto-trips.csv
"""
import argparse, csv, json, math, os, statistics, sys
from datetime import datetime, timezone

MAX_KMH = 150.0
STEP = 15


def hav_m(lat1, lon1, lat2, lon2):
    r = 6371008.8
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


def clean(fixes):
    """fixes: list of (t, lat, lon). Returns cleaned list or None."""
    kept = [fixes[0]]
    dropped = 0
    for f in fixes[1:]:
        t0, la0, lo0 = kept[-1]
        dt = f[0] - t0
        v = hav_m(la0, lo0, f[1], f[2]) / dt * 3.6 if dt > 0 else float("inf")
        if v > MAX_KMH:
            dropped += 1
            continue
        kept.append(f)
    if dropped > 0.1 * len(fixes):
        return None
    # first fix itself may be the outlier: check second hop too (cheap guard)
    if len(kept) >= 2:
        t0, la0, lo0 = kept[0]
        t1, la1, lo1 = kept[1]
        if hav_m(la0, lo0, la1, lo1) / (t1 - t0) * 3.6 > MAX_KMH:
            return None
    return kept


def trips_from(path, prefix):
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            if row["MISSING_DATA"].strip().lower() == "true":
                continue
            pts = json.loads(row["POLYLINE"])
            if len(pts) < 2:
                continue
            t0 = int(row["TIMESTAMP"])
            fixes = [(t0 + STEP * i, float(p[1]), float(p[0])) for i, p in enumerate(pts)]
            yield prefix + row["TRIP_ID"], fixes


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("train", nargs="+", help="train.csv of the challenge, or parts of it")
    ap.add_argument("-o", "--out", default="porto-trips.csv")
    a = ap.parse_args()
    srcs = [(path, "porto-") for path in a.train]
    out, stats = [], {"in": 0, "speed": 0, "dur": 0, "dist": 0, "n": 0}
    for path, pre in srcs:
        for tid, fixes in trips_from(path, pre):
            stats["in"] += 1
            c = clean(fixes)
            if c is None:
                stats["speed"] += 1
                continue
            dur = c[-1][0] - c[0][0]
            d = hav_m(c[0][1], c[0][2], c[-1][1], c[-1][2])
            if not (300 <= dur <= 2400):
                stats["dur"] += 1
                continue
            if d < 1000:
                stats["dist"] += 1
                continue
            if len(c) < 20:
                stats["n"] += 1
                continue
            out.append((tid, c, dur, d))
    out.sort(key=lambda x: (x[1][0][0], x[0]))
    with open(a.out, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["trip", "time", "lat", "lon"])
        for tid, c, _, _ in out:
            for t, la, lo in c:
                ts = datetime.fromtimestamp(t, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
                w.writerow([tid, ts, f"{la:.6f}", f"{lo:.6f}"])
    nfix = sum(len(c) for _, c, _, _ in out)
    iso = lambda t: datetime.fromtimestamp(t, timezone.utc).isoformat()
    print(f"input trips {stats['in']}, rejected: speed/outliers {stats['speed']}, "
          f"duration {stats['dur']}, distance {stats['dist']}, <20 fixes {stats['n']}", file=sys.stderr)
    if out:
        path_km = [sum(hav_m(c[i][1], c[i][2], c[i + 1][1], c[i + 1][2]) for i in range(len(c) - 1)) / 1000
                   for _, c, _, _ in out]
        print(f"kept {len(out)} trips, {nfix} fixes; starts {iso(out[0][1][0][0])} .. {iso(out[-1][1][0][0])}; "
              f"median duration {statistics.median(x[2] for x in out)/60:.1f} min, "
              f"median straight-line {statistics.median(x[3] for x in out)/1000:.2f} km, "
              f"median path {statistics.median(path_km):.2f} km", file=sys.stderr)


if __name__ == "__main__":
    main()
