"""Compiling a record: merge an ocid's releases, oldest first, into its compiled release.

The OCDS merge routine (https://standard.open-contracting.org/1.1/en/schema/merging/), reduced to what this
catalogue publishes: objects merge field by field; arrays of objects that carry an `id` merge element by
element (identifier merge), keeping first-seen order; other arrays, and the fields the schema marks
`wholeListMerge`, are replaced whole; a null removes a field; `id`, `date` and `tag` of each release are not
merged (omitWhenMerged). The compiled release gets the tag "compiled", the latest date and the id
"{ocid}-{latest date}" as the reference implementation (ocdsmerge) does.
"""

from __future__ import annotations

import copy

OMIT_WHEN_MERGED = frozenset({"id", "date", "tag"})
WHOLE_LIST_MERGE = frozenset({"additionalIdentifiers", "additionalClassifications"})


def _mergeable_list(value) -> bool:
    return bool(value) and all(isinstance(v, dict) and "id" in v for v in value)


def _merge_into(target: dict, source: dict) -> None:
    for key, new in source.items():
        if new is None:
            target.pop(key, None)
        elif isinstance(new, dict) and isinstance(target.get(key), dict):
            _merge_into(target[key], new)
        elif (isinstance(new, list) and key not in WHOLE_LIST_MERGE and _mergeable_list(new)
              and _mergeable_list(target.get(key))):
            by_id = {str(item["id"]): item for item in target[key]}
            for item in new:
                existing = by_id.get(str(item["id"]))
                if existing is None:
                    copied = copy.deepcopy(item)
                    target[key].append(copied)
                    by_id[str(item["id"])] = copied
                else:
                    _merge_into(existing, item)
        else:
            target[key] = copy.deepcopy(new)


def compile_releases(releases: list[dict]) -> dict:
    """The compiled release of one ocid's releases (given oldest first)."""
    if not releases:
        raise ValueError("A record needs at least one release.")
    ordered = sorted(releases, key=lambda r: r["date"])
    compiled: dict = {}
    for release in ordered:
        _merge_into(compiled, {k: v for k, v in release.items() if k not in OMIT_WHEN_MERGED})
    latest = ordered[-1]["date"]
    ocid = ordered[-1]["ocid"]
    return {"ocid": ocid, "id": f"{ocid}-{latest}", "date": latest, "tag": ["compiled"],
            **{k: v for k, v in compiled.items() if k != "ocid"}}


def record_of(releases: list[dict]) -> dict:
    """An OCDS record: every release (embedded) and the compiled release."""
    ordered = sorted(releases, key=lambda r: r["date"])
    return {"ocid": ordered[0]["ocid"], "releases": ordered, "compiledRelease": compile_releases(ordered)}
