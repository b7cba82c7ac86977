"""Content-Security-Policy: what a page of ours may load and run (settings.CONTENT_SECURITY_POLICY).

Production sends the policy from `policy()`; empty elsewhere unless set (tests switch it on). Scripts only
from our own static files (no inline scripts anywhere: the API docs use drf-spectacular's split Swagger view
and our Redoc template, all assets from drf-spectacular-sidecar); images from us, data:/blob: (Leaflet,
Swagger) and the map tile server; styles from us plus inline style attributes (Leaflet positions its tiles and
markers with them, Swagger/Redoc inject theirs). No framing, no plugins, forms only to us.
"""

from urllib.parse import urlsplit

from django.conf import settings


def policy(*, map_tile_url: str = "") -> str:
    tiles = urlsplit(map_tile_url.replace("{s}", "subdomain"))  # Leaflet's {s}: a.tile..., b.tile...
    img = ["'self'", "data:", "blob:"]
    if tiles.scheme and tiles.netloc:
        img.append(f"{tiles.scheme}://{tiles.netloc.replace('subdomain', '*')}")
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": img,
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        value = getattr(settings, "CONTENT_SECURITY_POLICY", "")
        if value and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = value
        return response
