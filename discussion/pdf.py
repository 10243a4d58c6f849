"""PDF rendering with WeasyPrint. Imported only when a PDF is made (WeasyPrint is heavy).

The fetcher is the security boundary: the document may load the app's own static files (the
print stylesheet and the shipped font) and nothing else. User text is escaped by the template,
but even if markup slipped through, no URL outside /static/ — no http:, file: or data: — is read.
"""

import mimetypes
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# The HTML is rendered with this made-up origin as its base, so the static URLs in it resolve
# to addresses the fetcher recognises. Nothing is ever fetched over the network.
BASE_URL = "https://werkstatt.invalid/"


class RefusedURL(ValueError):
    pass


class StaticFilesOnlyFetcher(URLFetcher):
    """Serves files under STATIC_URL from the app's static files; refuses everything else.
    ``requested`` lists every URL WeasyPrint asked for (the security test reads it)."""

    def __init__(self):
        super().__init__(allowed_protocols=("https",), allow_redirects=False)
        self.requested: list[str] = []

    def fetch(self, url, headers=None):
        self.requested.append(url)
        parts = urlsplit(url)
        prefix = urlsplit(BASE_URL)
        static_prefix = "/" + settings.STATIC_URL.strip("/") + "/"
        if (parts.scheme, parts.netloc) != (prefix.scheme, prefix.netloc) or not parts.path.startswith(
            static_prefix
        ):
            raise RefusedURL(f"Refused: {url}")
        name = unquote(parts.path.removeprefix(static_prefix))
        if ".." in PurePosixPath(name).parts or name.startswith("/"):
            raise RefusedURL(f"Refused: {url}")
        path = _static_path(name)
        if path is None:
            raise RefusedURL(f"Not a static file: {url}")
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        with open(path, "rb") as file:
            body = file.read()
        return URLFetcherResponse(url, body=body, headers={"Content-Type": content_type})


def _static_path(name: str) -> str | None:
    """The file behind a static name: collected (production, hashed names) or found in the
    app's static folders (development)."""
    if staticfiles_storage.exists(name):
        return staticfiles_storage.path(name)
    return finders.find(name)


def html_to_pdf(html: str, *, fetcher: StaticFilesOnlyFetcher | None = None) -> bytes:
    """PDF/UA-1: tagged, with the document's title, language and metadata from the HTML."""
    fetcher = fetcher or StaticFilesOnlyFetcher()
    return HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).write_pdf(pdf_variant="pdf/ua-1")
