"""Monitoring's periodic work, run by `katalog tick` (katalog.jobs.periodic): the integrity-flag detectors,
once `flag_detection_interval_minutes` have passed since their last run."""

from katalog.jobs.periodic import periodic

from .detectors import detect_flags_if_due


@periodic
def detect_flags(*, now, quiet: bool) -> list[str]:
    detection = detect_flags_if_due(now=now)
    if detection is not None and (detection.total or not quiet):
        return [f"{detection.total} tanda integritas baru terdeteksi."]
    return []
