"""The report's map: country borders and first-level outlines (boundaries.geojson, from Natural
Earth, public domain), governorates filled by fatalities, and events as points on top."""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib import patheffects  # noqa: E402
from matplotlib.collections import PatchCollection  # noqa: E402
from matplotlib.colors import LogNorm  # noqa: E402
from matplotlib.patches import Polygon  # noqa: E402

BOUNDARIES = Path(__file__).with_name("boundaries.geojson")
# Exact colours, so a screenshot test can find the borders in the rendered page.
COUNTRY_BORDER = "#1b2a49"
ADMIN1_BORDER = "#7a869a"
NO_DATA = "#fcfcfa"  # a Syrian governorate without fatalities
NEIGHBOUR = "#e6e5df"  # a neighbour's province without fatalities
SEA = "#dce9f5"
EXTENT = (35.0, 42.6, 32.0, 37.6)  # lon min, lon max, lat min, lat max


@lru_cache(maxsize=1)
def boundaries() -> tuple[dict, ...]:
    return tuple(json.loads(BOUNDARIES.read_text(encoding="utf-8"))["features"])


@lru_cache(maxsize=1)
def admin1_codes() -> dict[tuple[str, str], str]:
    """(country name, any English spelling of a division) -> ISO 3166-2, from extract/lexicons/admin1.csv."""
    from extract.lexicon import load_csv

    countries = {"SY": "Syria", "LB": "Lebanon", "IQ": "Iraq", "JO": "Jordan", "TR": "Turkey"}
    out = {}
    for row in load_csv("admin1.csv"):
        for spelling in [row["name_en"], *row["aliases_en"].split("|")]:
            out[(countries.get(row["country"], row["country"]), spelling.strip())] = row["iso_3166_2"]
    return out


# Divisions created after Natural Earth's outlines were drawn, shaded as the division they were split from.
SPLIT_FROM = {"LB-AK": "LB-AS", "LB-BH": "LB-BI"}


def iso_3166_2(country: str | None, admin1: str | None) -> str | None:
    """The outline's code for a gazetteer admin1 name (NULL when unknown)."""
    code = admin1_codes().get((country, admin1)) if country and admin1 else None
    return SPLIT_FROM.get(code, code)


def _rings(geometry: dict) -> list[list]:
    """Outer rings of a Polygon or MultiPolygon (holes are not drawn at this scale)."""
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"][0]]
    if geometry["type"] == "MultiPolygon":
        return [poly[0] for poly in geometry["coordinates"]]
    return []


def _patches(level: str, iso2: set[str] | None = None) -> list[tuple[dict, Polygon]]:
    out = []
    for f in boundaries():
        p = f["properties"]
        if p["level"] == level and (iso2 is None or p["iso_a2"] in iso2):
            out.extend((p, Polygon(ring, closed=True)) for ring in _rings(f["geometry"]))
    return out


def draw(fatalities_by_iso: dict[str, int], events: pd.DataFrame, title: str):
    """A matplotlib figure: first-level divisions shaded by fatalities (log scale; neighbours' provinces
    without any in grey), country borders, and `events` (longitude, latitude, events) as points."""
    fig, ax = plt.subplots(figsize=(8, 6.4))
    ax.set_facecolor(SEA)
    countries = _patches("country")
    ax.add_collection(PatchCollection([p for _, p in countries], facecolor="#fbfbf8", edgecolor="none", zorder=1))
    divisions = _patches("admin1")
    values = [fatalities_by_iso.get(props["iso_3166_2"], 0) for props, _ in divisions]
    positive = [v for v in values if v > 0]
    cmap = plt.get_cmap("Reds")
    norm = LogNorm(vmin=1, vmax=max(positive)) if positive else None
    colours = [
        cmap(0.15 + 0.85 * norm(v)) if norm and v > 0 else NO_DATA if props["iso_a2"] == "SY" else NEIGHBOUR
        for (props, _), v in zip(divisions, values)
    ]
    ax.add_collection(
        PatchCollection([p for _, p in divisions], facecolor=colours, edgecolor=ADMIN1_BORDER, linewidth=0.8, zorder=2)
    )
    ax.add_collection(
        PatchCollection([p for _, p in countries], facecolor="none", edgecolor=COUNTRY_BORDER, linewidth=1.8, zorder=3)
    )
    for props, poly in _patches("admin1", {"SY"}):
        v = fatalities_by_iso.get(props["iso_3166_2"], 0)
        xy = poly.get_xy()
        cx, cy = xy[:, 0].mean(), xy[:, 1].mean()
        area = abs(float((xy[:-1, 0] * xy[1:, 1] - xy[1:, 0] * xy[:-1, 1]).sum())) / 2  # square degrees
        # UN-administered strips (codes with ~) and divisions too small to hold a label get none
        if "~" not in props["iso_3166_2"] and area > 0.05 and EXTENT[0] < cx < EXTENT[1] and EXTENT[2] < cy < EXTENT[3]:
            ax.annotate(
                f"{props['name_en']}\n{v:,}" if v else props["name_en"],
                (cx, cy),
                fontsize=6.5,
                ha="center",
                va="center",
                color="#222222",
                zorder=5,
                path_effects=[patheffects.withStroke(linewidth=2, foreground="white")],
            )
    if len(events):
        ax.scatter(
            events["longitude"],
            events["latitude"],
            s=8 + 12 * events["events"] ** 0.5,
            alpha=0.5,
            color="#08306b",
            edgecolor="white",
            linewidth=0.4,
            zorder=4,
            label="events (area ~ count)",
        )
        ax.legend(fontsize=7, loc="lower right", markerscale=0.5)
    if norm:
        sm = plt.cm.ScalarMappable(cmap=cmap, norm=norm)
        fig.colorbar(sm, ax=ax, shrink=0.6, label="fatalities per governorate (log scale)")
    ax.set_xlim(EXTENT[0], EXTENT[1])
    ax.set_ylim(EXTENT[2], EXTENT[3])
    ax.set_aspect(1 / math.cos(math.radians((EXTENT[2] + EXTENT[3]) / 2)))
    ax.set_xlabel("longitude")
    ax.set_ylabel("latitude")
    ax.set_title(title)
    ax.text(
        0.01,
        0.01,
        "Boundaries: Natural Earth (public domain)",
        transform=ax.transAxes,
        fontsize=6,
        color="#555555",
        zorder=6,
    )
    return fig
