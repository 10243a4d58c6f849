"""Read what a page shows: the text of the elements a CSS selector finds, whitespace collapsed."""

import cssselect2
import tinyhtml5


def texts(response_or_html, selector: str) -> list[str]:
    html = getattr(response_or_html, "content", response_or_html)
    if isinstance(html, bytes):
        html = html.decode()
    root = cssselect2.ElementWrapper.from_html_root(tinyhtml5.parse(html))
    return [" ".join("".join(el.etree_element.itertext()).split()) for el in root.query_all(selector)]


def attrs(response_or_html, selector: str, name: str) -> list[str | None]:
    html = getattr(response_or_html, "content", response_or_html)
    if isinstance(html, bytes):
        html = html.decode()
    root = cssselect2.ElementWrapper.from_html_root(tinyhtml5.parse(html))
    return [el.etree_element.get(name) for el in root.query_all(selector)]
