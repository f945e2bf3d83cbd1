"""The national gazetteer: the curated lexicon (extract/lexicons/places.csv) merged with OCHA's
communities and neighbourhoods of Syria and GeoNames' places of the neighbours
(extract/lexicons/gazetteer/, rebuilt by extract/refresh_gazetteer.py).

Every place is a row with its admin1 (the name in admin1.csv), admin2 and admin3 (OCHA's
districts and sub-districts, Syria only), its p-code or GeoNames id, coordinates, kind, ISO 3166-2
code of its admin1 and ACLED geo-precision code (1 = the place itself, 2 = part of a region or a
district, 3 = a first-level division or larger). A curated row is the same place as the OCHA row
whose p-code it carries: it keeps its id (the gold sets' keys), its coordinates and kind, and gains
the OCHA row's admin levels and names. Districts and sub-districts are rows too, so an ambiguous
name can fall back to the level its candidates share.
"""

from __future__ import annotations

import functools
import math

from extract.data_cache import cached
from extract.lexicon import LEXICON_DIR, aliases, load_csv
from extract.text import normalize

GAZETTEER = "gazetteer/"
# curated geo_precision words -> ACLED's code
_ACLED = {"point": 1, "area": 2, "admin1": 3, "country": 3}
# OCHA writes a village «كفر نبل» or «كفرنبل», «دير حافر» or «ديرحافر»: both spellings are aliases
_JOINABLE_HEADS = ("كفر", "دير")
_COUNTRY = {"SY": "Syria", "LB": "Lebanon", "IQ": "Iraq", "JO": "Jordan", "TR": "Turkey"}


@functools.cache
def admin1_rows() -> dict[str, dict[str, str]]:
    """ISO 3166-2 -> the admin1.csv row."""
    return {r["iso_3166_2"]: r for r in load_csv("admin1.csv")}


@functools.cache
def _iso_of_spelling() -> dict[str, str]:
    """Every English spelling of a first-level division (admin1.csv) and its OCHA p-code -> ISO code."""
    out = {}
    for iso, r in admin1_rows().items():
        for s in [r["name_en"], *r["aliases_en"].split("|"), r["ocha_pcode"]]:
            if s:
                out[s] = iso
    return out


def iso_of(admin1: str) -> str | None:
    """The ISO 3166-2 code of a first-level division named in any spelling admin1.csv lists, or of
    its OCHA p-code."""
    return _iso_of_spelling().get(admin1)


def spelling_variants(name: str) -> list[str]:
    """The spellings reports use for a national name beside OCHA's: «كفر نبل» and «كفرنبل», «معرة
    شورين» and «معرشورين», and a final alef or teh marbuta («بدامة» for OCHA's «بداما») in names of
    five letters or more (normal form: ة is ه)."""
    out = [name]
    for head in _JOINABLE_HEADS:
        if name.startswith(head + " ") and name.count(" ") == 1:
            out.append(name.replace(" ", "", 1))
        elif name.startswith(head) and len(name) > len(head) + 2 and " " not in name:
            out.append(f"{head} {name[len(head) :]}")
    if name.startswith("معره ") and name.count(" ") == 1:
        out.append("معر" + name[5:])
    elif name.startswith("معر") and not name.startswith("معره") and " " not in name and len(name) > 6:
        out.append("معره " + name[3:])
    for v in list(out):
        if " " not in v and len(v) >= 5 and v[-1] in "اه":
            out.append(v[:-1] + ("ه" if v[-1] == "ا" else "ا"))
    return out


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    dlat, dlon = math.radians(a[0] - b[0]), math.radians(a[1] - b[1])
    h = math.sin(dlat / 2) ** 2 + math.cos(math.radians(a[0])) * math.cos(math.radians(b[0])) * math.sin(dlon / 2) ** 2
    return 12742 * math.asin(math.sqrt(h))


def _place(**kw) -> dict:
    row = dict.fromkeys(
        (
            "place_id",
            "name_en",
            "aliases_en",
            "name_ar",
            "aliases_ar",
            "kind",
            "admin1",
            "admin2",
            "admin3",
            "admin1_pcode",
            "admin2_pcode",
            "admin3_pcode",
            "pcode",
            "geonames_id",
            "country",
            "iso_3166_2",
            "latitude",
            "longitude",
            "geo_precision",
            "source",
        ),
        "",
    )
    row.update(kw)
    return row


def _admin_fields(iso: str | None) -> dict:
    r = admin1_rows().get(iso or "")
    return {"admin1": r["name_en"], "admin1_pcode": r["ocha_pcode"], "iso_3166_2": iso} if r else {}


def _ocha_fields(r: dict[str, str]) -> dict:
    """What every OCHA row gives a place row alike: its p-code as key, names and coordinates."""
    return {
        "place_id": r["pcode"],
        "pcode": r["pcode"],
        "name_en": r["name_en"],
        "name_ar": r["name_ar"],
        "aliases_ar": r["aliases_ar"],
        "country": "Syria",
        "latitude": r["latitude"],
        "longitude": r["longitude"],
        "source": "ocha",
    }


def _read(name: str) -> tuple[dict[str, str], ...]:
    """A national list, read without load_csv's cache: its rows live on only as gazetteer rows."""
    return load_csv.__wrapped__(GAZETTEER + name)


@functools.cache
def _name_qualifiers() -> frozenset[str]:
    lines = (LEXICON_DIR / GAZETTEER / "name_qualifiers.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(w for line in lines if (w := line.split("#", 1)[0].strip()))


def _unqualified(r: dict[str, str], curated: frozenset[str], names: frozenset[str]) -> str | None:
    """The name without the word OCHA tells namesakes apart by: a direction or size («مشيرفة قبلية»,
    name_qualifiers.txt) or its sub-district, district or governorate («الدردارة تل تمر»), as
    reports write it, when another community bears that name (`names`: a new alias could be an
    ordinary word, «البستان الكبير»); None when there is none, or it names a curated place."""
    words = normalize(r["name_ar"]).split()
    parents = {normalize(r[k]).removeprefix("مركز ") for k in ("admin1_ar", "admin2_ar", "admin3_ar")}
    for cut in range(len(words) - 1, 0, -1):
        head, tail = " ".join(words[:cut]), " ".join(words[cut:])
        if tail in _name_qualifiers() or tail in parents:
            ok = len(head.replace(" ", "")) >= 4 and head not in curated and head in names
            return head if ok else None
    return None


def _communities(raw: tuple[dict[str, str], ...]) -> list[dict]:
    """OCHA's communities as place rows (key: the p-code); a district's centre is a town; a name
    OCHA qualifies («مشيرفة قبلية») is also known by its bare form."""
    curated = frozenset(a for row in load_csv("places.csv") for a in aliases(row))
    names = frozenset(a for r in raw for a in aliases(r))
    out = []
    for r in raw:
        centre = normalize(r["admin2_ar"]).removeprefix("مركز ") == normalize(r["name_ar"])
        fields = _ocha_fields(r)
        bare = _unqualified(r, curated, names)
        if bare:
            fields["aliases_ar"] = "|".join(a for a in (fields["aliases_ar"], bare) if a)
        out.append(
            _place(
                **fields,
                kind="town" if centre else "village",
                admin2=r["admin2_en"],
                admin3=r["admin3_en"],
                admin2_pcode=r["admin2_pcode"],
                admin3_pcode=r["admin3_pcode"],
                geo_precision=1,
                **_admin_fields(iso_of(r["admin1_pcode"])),
            )
        )
    return out


def _neighbourhoods(parents: dict[str, dict]) -> list[dict]:
    """OCHA's city neighbourhoods, in their parent community's admin levels (and at its coordinates,
    the only ones OCHA gives: precision 2, part of the city)."""
    out = []
    for r in _read("syria_neighbourhoods.csv"):
        p = parents.get(r["parent_pcode"], {})
        out.append(
            _place(
                **{
                    k: p.get(k, "")
                    for k in (
                        "admin1",
                        "admin2",
                        "admin3",
                        "admin1_pcode",
                        "admin2_pcode",
                        "admin3_pcode",
                        "iso_3166_2",
                    )
                },
                **_ocha_fields(r),
                kind="neighbourhood",
                geo_precision=2,
            )
        )
    return out


def _admin_units(communities: list[dict], raw_rows: tuple[dict[str, str], ...]) -> list[dict]:
    """Districts and sub-districts (key: the p-code), at the mean of their communities."""
    units: dict[str, list[dict]] = {}
    for c in communities:
        units.setdefault(c["admin2_pcode"], []).append(c)
        units.setdefault(c["admin3_pcode"], []).append(c)
    raw = {r["pcode"]: r for r in raw_rows}
    out = []
    for code, members in sorted(units.items()):
        level = "admin2" if len(code) == 6 else "admin3"
        first = raw[members[0]["pcode"]]
        lat = sum(float(m["latitude"]) for m in members) / len(members)
        lon = sum(float(m["longitude"]) for m in members) / len(members)
        out.append(
            _place(
                **{k: members[0][k] for k in ("admin1", "admin1_pcode", "iso_3166_2", "admin2", "admin2_pcode")},
                admin3=first["admin3_en"] if level == "admin3" else "",
                admin3_pcode=code if level == "admin3" else "",
                place_id=code,
                name_en=first[f"{level}_en"],
                name_ar=first[f"{level}_ar"],
                kind="district" if level == "admin2" else "subdistrict",
                pcode=code,
                country="Syria",
                latitude=f"{lat:.5f}",
                longitude=f"{lon:.5f}",
                geo_precision=2,
                source="ocha",
            )
        )
    return out


def _geonames() -> list[dict]:
    out = []
    for r in _read("neighbours_geonames.csv"):
        pop = int(r["population"] or 0)
        kind = "city" if pop >= 100_000 else "town" if pop >= 10_000 else "village"
        out.append(
            _place(
                place_id=f"geonames:{r['geonames_id']}",
                name_en=r["name_en"],
                name_ar=r["name_ar"],
                aliases_ar=r["aliases_ar"],
                kind=kind,
                geonames_id=r["geonames_id"],
                country=r["country"],
                latitude=r["latitude"],
                longitude=r["longitude"],
                geo_precision=1,
                source="geonames",
                **_admin_fields(r["iso_3166_2"]),
            )
        )
    return out


def _curated(by_pcode: dict[str, dict]) -> list[dict]:
    """The curated rows, with the admin levels of the OCHA row they name (by p-code) or, for a
    governorate, of its admin1.csv row."""
    out = []
    for r in load_csv("places.csv"):
        iso = iso_of(r["admin1"]) if r["admin1"] else None
        base = by_pcode.get(r["pcode"], {})
        row = _place(
            **{k: base.get(k, "") for k in ("admin2", "admin3", "admin2_pcode", "admin3_pcode")}, **_admin_fields(iso)
        )
        row.update(
            place_id=r["place_id"],
            name_en=r["name_en"],
            name_ar=r["name_ar"],
            aliases_ar=r["aliases_ar"],
            kind=r["kind"],
            pcode=r["pcode"],
            country=r["country"],
            latitude=r["latitude"],
            longitude=r["longitude"],
            geo_precision=_ACLED.get(r["geo_precision"], 3),
            source="curated",
            admin1=row.get("admin1") or r["admin1"],
        )
        if base:  # OCHA's other spellings serve as aliases; the English name analysts search for too
            row["aliases_ar"] = "|".join(filter(None, [r["aliases_ar"], base["name_ar"], base["aliases_ar"]]))
            row["aliases_en"] = base["name_en"] if base["name_en"] != r["name_en"] else ""
        out.append(row)
    return out


def _nearest_admin(row: dict, communities: list[dict]) -> dict:
    """The admin2/admin3 of the OCHA community nearest a curated Syrian point without a p-code
    (a Damascus neighbourhood OCHA splits in two, a camp), within 10 km and its governorate."""
    if row["country"] != "Syria" or row["kind"] in ("country", "governorate", "area") or not row["latitude"]:
        return {}
    here = (float(row["latitude"]), float(row["longitude"]))
    best = min(
        (
            (_km(here, (float(c["latitude"]), float(c["longitude"]))), c)
            for c in communities
            if c["iso_3166_2"] == row["iso_3166_2"]
        ),
        default=None,
        key=lambda t: t[0],
    )
    if best is None or best[0] > 10:
        return {}
    return {k: best[1][k] for k in ("admin2", "admin3", "admin2_pcode", "admin3_pcode")}


def _same_geonames_place(row: dict, geonames: list[dict]) -> dict | None:
    """The GeoNames row of a curated place of the neighbours: same Arabic name, within 15 km."""
    if row["country"] not in ("Lebanon", "Iraq", "Jordan", "Turkey") or not row["latitude"]:
        return None
    names = set(aliases(row))
    here = (float(row["latitude"]), float(row["longitude"]))
    for g in geonames:
        if names & set(aliases(g)) and _km(here, (float(g["latitude"]), float(g["longitude"]))) <= 15:
            return g
    return None


def _admin1_places(curated: list[dict], geonames: list[dict]) -> list[dict]:
    """The neighbours' first-level divisions (admin1.csv) that the curated lexicon lacks, as
    governorate rows keyed by their ISO code («LB-NA»: النبطية), at the mean of their GeoNames places."""
    have = {r["iso_3166_2"] for r in curated if r["kind"] == "governorate"}
    taken = {a for r in curated for a in aliases(r)}
    out = []
    for iso, r in admin1_rows().items():
        if iso in have or r["country"] == "SY":
            continue
        # «بيروت», «عمان» alone name the curated city: the division is «محافظة بيروت»
        name = r["name_ar"] if normalize(r["name_ar"]) not in taken else "محافظة " + r["name_ar"]
        inside = [g for g in geonames if g["iso_3166_2"] == iso]
        lat = f"{sum(float(g['latitude']) for g in inside) / len(inside):.4f}" if inside else ""
        lon = f"{sum(float(g['longitude']) for g in inside) / len(inside):.4f}" if inside else ""
        out.append(
            _place(
                place_id=iso,
                name_en=r["name_en"],
                aliases_en=r["aliases_en"],
                name_ar=name,
                aliases_ar="محافظة " + r["name_ar"],
                kind="governorate",
                country=_COUNTRY[r["country"]],
                latitude=lat,
                longitude=lon,
                geo_precision=3,
                source="admin1",
                **_admin_fields(iso),
            )
        )
    return out


@functools.cache
def gazetteer() -> dict[str, dict]:
    """place key -> place row: curated ids, OCHA p-codes (C####, N####, SY####...), geonames:<id>.
    Built once per version of the lexicons and code, then read back by every worker (data_cache)."""
    return cached("gazetteer", _build_gazetteer)


def _build_gazetteer() -> dict[str, dict]:
    raw = _read("syria_communities.csv")
    communities = _communities(raw)
    by_pcode = {c["pcode"]: c for c in communities}
    hoods = _neighbourhoods(by_pcode)
    by_pcode.update((h["pcode"], h) for h in hoods)
    geonames = _geonames()
    curated = _curated(by_pcode)
    claimed = {r["pcode"] for r in curated if r["pcode"]}
    out: dict[str, dict] = {}
    for r in curated:
        if not r["admin2_pcode"]:
            r.update(_nearest_admin(r, communities))
        same = _same_geonames_place(r, geonames)
        if same:  # its id only: GeoNames' other Arabic spellings include words («أمان» for Amman)
            r["geonames_id"] = same["geonames_id"]
            claimed.add(same["place_id"])
        out[r["place_id"]] = r
    for r in [*communities, *hoods, *_admin_units(communities, raw), *geonames, *_admin1_places(curated, geonames)]:
        if r["place_id"] not in claimed:
            out.setdefault(r["place_id"], r)
    return out


@functools.cache
def not_places() -> frozenset[str]:
    """Names OCHA lists as villages that reports mostly use as ordinary words: a place only after a
    place noun («قرية حدث»). not_places.txt is generated (by word frequency), not_places_extra.txt
    kept by hand (phrases such as «المشفى الوطني»)."""
    lines = [
        line
        for name in ("not_places.txt", "not_places_extra.txt")
        for line in (LEXICON_DIR / "gazetteer" / name).read_text(encoding="utf-8").splitlines()
    ]
    return frozenset(normalize(ln.split("#", 1)[0].strip()) for ln in lines if ln.split("#", 1)[0].strip())


@functools.cache
def clitic_words() -> frozenset[str]:
    """Ordinary words that read as a clitic and a place name («بارزة» = ب + «ارزة», «فاطمة» = ف +
    «اطمة»): clitic_words.txt, generated by extract/refresh_gazetteer.py (word frequency)."""
    lines = (LEXICON_DIR / "gazetteer" / "clitic_words.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(w for line in lines if (w := line.split("#", 1)[0].strip()))


@functools.cache
def governorate_key() -> dict[str, str]:
    """ISO 3166-2 -> the key of the governorate's own row (curated: «idlib_gov»)."""
    return {r["iso_3166_2"]: k for k, r in gazetteer().items() if r["kind"] == "governorate" and r["iso_3166_2"]}


@functools.cache
def country_key() -> dict[str, str]:
    return {r["country"]: k for k, r in gazetteer().items() if r["kind"] == "country"}


def place_admin1_iso(place_key: str) -> str | None:
    """The ISO 3166-2 code of a place's first-level division (None for a country, a region that
    spans several, or a place the gazetteer lacks)."""
    row = gazetteer().get(place_key)
    return (row["iso_3166_2"] or None) if row else None
