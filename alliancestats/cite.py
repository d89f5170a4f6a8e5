"""BibTeX citations for the datasets behind a result."""
from __future__ import annotations

import pandas as pd

from .raw.catalog import check_dataset_ids, datasets


def dataset_ids_of(obj) -> list[str]:
    """Dataset ids named by ``obj``: an id, a table/panel frame, or a list of those."""
    if isinstance(obj, str):
        return [obj]
    if isinstance(obj, pd.DataFrame):
        ids = list(obj.attrs.get("alliancestats", {}).get("sources", []))
        prov = obj.attrs.get("provenance", {}).get("dataset_id")
        if prov:
            ids.append(prov)
        return ids
    out: list[str] = []
    for o in obj:
        out += dataset_ids_of(o)
    return out


def cite(*objs) -> str:
    """BibTeX entries (deduplicated, in catalog order) for the datasets used.

    Parameters
    ----------
    *objs : str, DataFrame or list of those
        Dataset ids (``"atop_5_1"``), frames made by the library (a panel
        cites every source its verbs attached, plus the state system; a
        loaded table its dataset), or lists of them. None: every catalog
        dataset.

    Returns
    -------
    str
        BibTeX, one entry per dataset (an entry shared by several versions
        appears once).

    Raises
    ------
    UnknownIdError
        An unknown dataset id (the message names the closest ids); also a ``KeyError``.

    Examples
    --------
    >>> import alliancestats as als
    >>> print(als.cite("gml_mid_2_1").splitlines()[0])
    @article{gibler2016analysis,
    """
    ids = set(dataset_ids_of(objs)) if objs else {d.dataset_id for d in datasets()}
    check_dataset_ids(ids)  # every unknown id named, in sorted order, with the closest known ones
    entries, seen = [], set()
    for d in datasets():
        if d.dataset_id in ids and d.citation not in seen:
            seen.add(d.citation)
            entries.append(d.citation.strip())
    return "\n\n".join(entries) + "\n"
