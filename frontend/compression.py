"""Compressed HTML and JSON for anonymous visitors; nothing compressed that carries a signed-in user's data.

Why in the app and not in the compose proxy: the app knows who is signed in, the proxy does not, and every
deployment (also without our nginx) gets it. Static files are not touched here: WhiteNoise serves them
precompressed (gzip and brotli files made by collectstatic) before this middleware runs.

BREACH: an attacker who can make a victim's browser send requests with chosen input (a search word) and
can watch the compressed sizes may recover a secret from the same response byte by byte. So:
- responses to signed-in users (session or API token) are never compressed: they carry personal data,
  much of it about minors, next to reflected search input;
- anonymous responses carry no secret of the visitor's except the CSRF token, which Django masks anew for
  every response, and Django's GZipMiddleware pads each body with a random-length gzip header field
  ("Heal the Breach") on top.
"""

from django.middleware.gzip import GZipMiddleware


class AnonymousGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or "HTTP_AUTHORIZATION" in request.META:
            return response
        return super().process_response(request, response)
