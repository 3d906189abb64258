"""Whitespace: the customer's business units against our offerings; sold, in pipeline, or white."""

from __future__ import annotations

from .base import Frames


def whitespace(f: Frames) -> dict:
    """Cells come from the account's `whitespace:` entries, then from its deals (won: sold, open: pipeline)."""
    offerings = list(f.book["offerings"]["id"])
    names = dict(zip(f.book["offerings"]["id"], f.book["offerings"]["name"]))
    cells_by: dict[str, dict[tuple[str, str], str]] = {}
    for a, u, o, s in zip(
        f.book["whitespace"]["account"],
        f.book["whitespace"]["unit"],
        f.book["whitespace"]["offering"],
        f.book["whitespace"]["status"],
    ):
        cells_by.setdefault(a, {})[(u, o)] = s
    deals = f.opp[f.opp["unit"].notna() & f.opp["offering"].notna()]
    for a, u, o, stage, open_ in zip(deals["account"], deals["unit"], deals["offering"], deals["stage"], deals["open"]):
        cell = cells_by.setdefault(a, {})
        if stage == "won":
            cell[(u, o)] = "sold"
        elif open_ and cell.get((u, o)) != "sold":
            cell.setdefault((u, o), "pipeline")
    out = []
    all_units, names_ = f.acc["business_units"].to_dict(), f.acc["name"].to_dict()
    for aid in sorted(set(cells_by) | {a for a, u in all_units.items() if isinstance(u, tuple)}):
        units = all_units[aid]
        units = list(units) if isinstance(units, tuple) else []
        cells = cells_by.get(aid, {})
        for u, _ in cells:
            if u not in units:
                units.append(u)
        if not units:
            continue
        grid = {u: {o: cells.get((u, o), "white") for o in offerings} for u in units}
        flat = [s for row in grid.values() for s in row.values()]
        out.append(
            {
                "account": aid,
                "name": names_[aid],
                "units": units,
                "grid": grid,
                "sold": flat.count("sold"),
                "pipeline": flat.count("pipeline"),
                "white": flat.count("white"),
            }
        )
    return {"offerings": [{"id": o, "name": names[o]} for o in offerings], "accounts": out}
