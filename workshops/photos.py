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

import math
import secrets
import struct
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
# What a decoded image may hold, in pixels. A JPEG (every camera's and phone's photo, up to 50
# megapixels) is decoded at a half, a quarter or an eighth of its size when that still leaves
# LARGE pixels on its longer side (Pillow's draft mode). A PNG or a WebP is decoded whole, and a
# flat one of a few kilobytes can claim millions of pixels: 16 million at most (a PNG photo that
# large weighs far more than MAX_BYTES). Measured while drawn: a 50-megapixel JPEG takes about
# 30 MB of a worker's memory, a 16-megapixel PNG with transparency 140 MB, a 16-megapixel WebP
# 250 MB. Pillow's own bomb guard stands at 89 million.
MAX_PIXELS = {"JPEG": 50_000_000, "MPO": 50_000_000}
MAX_OTHER_PIXELS = 16_000_000
MIN_SIDE = 200  # smaller is an icon or a logo, not a photo of the place
LARGE = 1600
SMALL = 480
QUALITY = 82
FORMATS = ("JPEG", "PNG", "WEBP")  # Pillow's names; every other reader is never tried
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
    limit = MAX_OTHER_PIXELS  # until the format is known
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload, formats=FORMATS)
            limit = MAX_PIXELS.get(image.format, MAX_OTHER_PIXELS)
            if image.width * image.height > limit:
                raise Image.DecompressionBombError  # refused before any pixel is decoded
            size = image.size
            if min(size) < MIN_SIDE:
                raise ValidationError(
                    _(
                        "This image is %(width)s × %(height)s pixels: a photo needs at least %(min)s pixels on each side."
                    ),
                    code="too_small",
                    params={"width": size[0], "height": size[1], "min": MIN_SIDE},
                )
            if image.format in MAX_PIXELS:  # decoded at a smaller scale, still covering the photo's size
                scale = min(1, LARGE / max(size))
                image.draft("RGB", (math.ceil(size[0] * scale), math.ceil(size[1] * scale)))
            image.load()
            # Made small first: what follows copies a photo of LARGE pixels, not of 25 million. A box
            # reduction by a whole factor first (Pillow's resampling would copy the whole image again,
            # premultiplied when it has an alpha channel), then the fine resampling.
            if (factor := max(image.size) // LARGE) > 1:
                image = image.reduce(factor)
            image.thumbnail((LARGE, LARGE), Image.Resampling.LANCZOS)
            image = _flattened(ImageOps.exif_transpose(image))
            large, (width, height) = _drawn(image, LARGE)
            small, _size = _drawn(image, SMALL)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _("This image has more than %(max)s million pixels: make it smaller, then retry."),
            code="too_large",
            params={"max": limit // 1_000_000},
        ) from None
    except UnidentifiedImageError:
        raise ValidationError(
            _("This file is not a JPEG, PNG or WebP image (a photo saved from a phone or a camera is)."),
            code="not_an_image",
        ) from None
    except (OSError, SyntaxError, ValueError, TypeError, KeyError, struct.error):
        # Cut short, or a block (its EXIF, its colour profile) Pillow cannot make sense of.
        raise ValidationError(
            _("This image is damaged or cut short: save it again, then retry."), code="damaged"
        ) from None
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
