"""Distances on the earth: one formula for the whole product (matching's ranking, the database search backend,
the check that a site's exact point lies near its postal code). The radius is Lucene's (SloppyMath.haversinMeters),
so the database backend and Elasticsearch's `arc` distances agree to the metre."""

import math

EARTH_MEAN_RADIUS_M = 6_371_008.7714


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dlat = p2 - p1
    dlon = math.radians(lon2 - lon1)
    h = math.sin(dlat / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_MEAN_RADIUS_M * math.asin(min(1.0, math.sqrt(h))) / 1000.0
