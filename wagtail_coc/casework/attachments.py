"""Files attached to a report: images or PDF, up to 10 MB each, cleaned of their metadata
before they are sealed with the case's key.

Images are decoded and their pixels copied into a new image, which Pillow then encodes: no
EXIF (camera, time, GPS position), XMP, IPTC, colour profile or comment survives, and the
picture keeps the orientation it was taken in. A PDF is rebuilt page by page with pypdf, which
leaves out the document's information dictionary, XMP metadata, scripts, embedded files and
open actions; each page loses its own metadata and actions, every annotation but a plain web
link (comments name their author; file annotations hold whole files), and the metadata of the
images and forms it draws. Anything that
cannot be read as one of these is refused with a message; nothing else is kept.
"""

import io
import warnings
from dataclasses import dataclass

from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 5
# A phone photo is 12 to 50 megapixels; far more from a small file is a decompression bomb.
MAX_PIXELS = 60_000_000
# Pillow formats kept as they are; every other image becomes a PNG.
KEPT_FORMATS = {"JPEG": ("image/jpeg", "jpg")}
READABLE_FORMATS = {"JPEG", "PNG", "GIF", "WEBP", "BMP", "TIFF", "MPO"}
PNG = ("image/png", "png")
PDF = ("application/pdf", "pdf")
# Page entries that carry metadata or run something when the page is opened or closed.
PAGE_KEYS_DROPPED = ("/AA", "/Metadata", "/PieceInfo", "/Thumb")


class RejectedAttachment(ValueError):
    """A file that is not an image or a PDF we can clean; the message says so."""


@dataclass(frozen=True)
class CleanedFile:
    content: bytes
    content_type: str
    extension: str


def clean_attachment(data: bytes) -> CleanedFile:
    """The file's content without its metadata, or ``RejectedAttachment``."""
    if len(data) > MAX_BYTES:
        raise RejectedAttachment(_("A file is larger than 10 MB."))
    if not data:
        raise RejectedAttachment(_("A file is empty."))
    if data.lstrip()[:5] == b"%PDF-":
        return _clean_pdf(data)
    return _clean_image(data)


def _clean_image(data: bytes) -> CleanedFile:
    unreadable = RejectedAttachment(
        _("A file is neither an image (JPEG, PNG, GIF, WebP) nor a PDF that can be read.")
    )
    too_many_pixels = RejectedAttachment(_("An image has too many pixels to be read safely."))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in READABLE_FORMATS:
                raise unreadable
            if image.width * image.height > MAX_PIXELS:
                raise too_many_pixels
            image.load()
            source_format = image.format
            # The picture the way it was taken, without the tag that said so.
            image = ImageOps.exif_transpose(image)
    except RejectedAttachment:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise too_many_pixels from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise unreadable from error
    content_type, extension = KEPT_FORMATS.get(source_format, PNG)
    mode = "RGB" if extension == "jpg" else ("RGBA" if _has_alpha(image) else "RGB")
    pixels = image.convert(mode)
    # A new image holds the pixels only: Image.info (EXIF, XMP, ICC, comments) stays behind.
    bare = Image.frombytes(mode, pixels.size, pixels.tobytes())
    out = io.BytesIO()
    if extension == "jpg":
        bare.save(out, "JPEG", quality=92)
    else:
        bare.save(out, "PNG", optimize=True)
    return CleanedFile(out.getvalue(), content_type, extension)


def _has_alpha(image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info


def _clean_pdf(data: bytes) -> CleanedFile:
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise RejectedAttachment(
                _("A PDF is protected with a password: send it without one, or describe it.")
            )
        writer = PdfWriter()
        seen = set()
        # Cleaned before they are added: the writer copies every object a page refers to at
        # that moment, and writes them all.
        for page in reader.pages:
            for key in PAGE_KEYS_DROPPED:
                page.pop(NameObject(key), None)
            _keep_links_only(page)
            _strip_resources(page.get("/Resources"), seen)
            writer.add_page(page)
        out = io.BytesIO()
        writer.write(out)
    except RejectedAttachment:
        raise
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise RejectedAttachment(_("A PDF is damaged and cannot be read.")) from error
    return CleanedFile(out.getvalue(), *PDF)


def _keep_links_only(page) -> None:
    """Every annotation but a plain web link goes (comments carry their author's name, file
    annotations whole files); a link keeps only where it is and where it points."""
    annotations = page.get("/Annots")
    if annotations is None:
        return
    links = ArrayObject()
    for reference in annotations.get_object():
        annotation = reference.get_object()
        action = annotation.get("/A")
        action = action.get_object() if action is not None else {}
        if annotation.get("/Subtype") != "/Link" or action.get("/S") != "/URI":
            continue
        links.append(
            DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/Annot"),
                    NameObject("/Subtype"): NameObject("/Link"),
                    NameObject("/Rect"): annotation["/Rect"],
                    NameObject("/A"): DictionaryObject(
                        {
                            NameObject("/S"): NameObject("/URI"),
                            NameObject("/URI"): action.get("/URI", TextStringObject("")),
                        }
                    ),
                }
            )
        )
    if links:
        page[NameObject("/Annots")] = links
    else:
        page.pop(NameObject("/Annots"), None)


def _strip_resources(resources, seen) -> None:
    """Metadata of the images and forms a page draws (an image's own XMP names its creator)."""
    resources = resources.get_object() if resources is not None else None
    if not isinstance(resources, DictionaryObject):
        return
    objects = resources.get("/XObject")
    objects = objects.get_object() if objects is not None else {}
    for reference in objects.values():
        drawn = reference.get_object()
        if id(drawn) in seen:
            continue
        seen.add(id(drawn))
        for key in ("/Metadata", "/PieceInfo"):
            drawn.pop(NameObject(key), None)
        if drawn.get("/Subtype") == "/Form":
            _strip_resources(drawn.get("/Resources"), seen)
