"""A workshop's photos: what an upload must be, and what is kept of it.

An upload is read only as JPEG, PNG or WebP, its size checked from its header before any pixel is
decoded (a "decompression bomb" of a few kilobytes can claim billions of pixels), then drawn again
as two JPEG files: the photo (at most LARGE pixels on its longer side) and its thumbnail (SMALL).
Nothing of the uploaded file is served: not its bytes (a file that is also a script or an HTML
page), not its name, not its metadata (a phone's EXIF holds where and when the photo was taken,
and the device). The camera's orientation is applied before the metadata goes.

The files are named by chance (`photos/<token>.jpg`): a URL cannot be guessed from a workshop, and
a name is never given twice, so they are served as immutable (a CDN keeps them for good).
"""

import secrets
import warnings
from dataclasses import dataclass
from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 50_000_000  # a 50-megapixel camera; Pillow's own bomb guard stands at 89 million
MIN_SIDE = 200  # smaller is an icon or a logo, not a photo of the place
LARGE = 1600
SMALL = 480
QUALITY = 82
FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}
PER_WORKSHOP = 8


@dataclass(frozen=True)
class Drawn:
    """An upload drawn again: the photo and its thumbnail, as files to store."""

    image: ContentFile
    width: int
    height: int
    thumbnail: ContentFile


def read(upload) -> Drawn:
    """The photo and thumbnail drawn from an upload, or a ValidationError that says why not."""
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("This file weighs %(size)s; a photo may weigh at most %(limit)s."),
            code="too_heavy",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_BYTES)},
        )
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload, formats=list(FORMATS))
            if image.width * image.height > MAX_PIXELS:
                raise Image.DecompressionBombError  # refused before any pixel is decoded
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _("This image has more than %(max)s million pixels: make it smaller, then retry."),
            code="too_large",
            params={"max": MAX_PIXELS // 1_000_000},
        ) from None
    except UnidentifiedImageError:
        raise ValidationError(
            _("This file is not a JPEG, PNG or WebP image (a photo saved from a phone or a camera is)."),
            code="not_an_image",
        ) from None
    except (OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("This image is damaged or cut short: save it again, then retry."), code="damaged"
        ) from None
    if min(image.size) < MIN_SIDE:
        raise ValidationError(
            _("This image is %(width)s × %(height)s pixels: a photo needs at least %(min)s pixels on each side."),
            code="too_small",
            params={"width": image.width, "height": image.height, "min": MIN_SIDE},
        )
    image = _flattened(ImageOps.exif_transpose(image))
    large, (width, height) = _drawn(image, LARGE)
    small, _size = _drawn(image, SMALL)
    return Drawn(image=ContentFile(large), width=width, height=height, thumbnail=ContentFile(small))


def _flattened(image):
    """The image in RGB, transparent parts on white (JPEG has no transparency)."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, "white")
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image.convert("RGB")


def _drawn(image, side) -> tuple[bytes, tuple[int, int]]:
    """The image as a JPEG of at most `side` pixels on its longer side (never enlarged), and its size."""
    copy = image.copy()
    copy.thumbnail((side, side), Image.Resampling.LANCZOS)
    out = BytesIO()
    copy.save(out, "JPEG", quality=QUALITY, optimize=True, progressive=True)  # no exif=: none kept
    return out.getvalue(), copy.size


def new_name() -> str:
    return f"photos/{secrets.token_urlsafe(16)}"


def delete_files(*names) -> None:
    """Delete stored files once the transaction that let them go has committed (a rollback keeps them)."""
    names = [name for name in names if name]

    def delete():
        for name in names:
            default_storage.delete(name)

    transaction.on_commit(delete)
