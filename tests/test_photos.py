"""A workshop's photos: what an upload must be, what is kept of it, who may change them, where they show."""

import json
import re
import struct
import zlib
from io import BytesIO
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from PIL import ExifTags, Image, JpegImagePlugin

from afn_directory import limits
from afn_directory.links import absolute
from moderation.models import ProblemReport
from tests.factories import MembershipFactory, UserFactory, WorkshopFactory
from workshops import photos
from workshops.manage.forms import PhotoForm
from workshops.manage.photos import _add
from workshops.models import Photo
from workshops.vocabularies import Status

pytestmark = pytest.mark.django_db


def image_bytes(size=(800, 600), kind="JPEG", mode="RGB", exif=None):
    out = BytesIO()
    options = {"exif": exif} if exif is not None else {}
    Image.new(mode, size, (200, 30, 30) if mode == "RGB" else (200, 30, 30, 0)).save(out, kind, **options)
    return out.getvalue()


def a_phones_photo():
    """800 × 600 pixels taken turned (EXIF orientation 6: to be turned a quarter clockwise), with the
    phone's make and where it was taken."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif.get_ifd(ExifTags.IFD.GPSInfo).update(
        {ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (48.0, 6.0, 36.0)}
    )
    return image_bytes(exif=exif)


def png_header(width, height):
    """A PNG that claims width × height pixels in a few bytes (a "decompression bomb")."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 16)) + chunk(b"IEND", b"")


def upload(content, name="photo.jpg"):
    return SimpleUploadedFile(name, content, content_type="image/jpeg")


def stored_files():
    return sorted(p.name for p in Path(default_storage.path("")).rglob("*") if p.is_file())


@pytest.fixture
def workshop():
    return WorkshopFactory(slug="fablab-photo", name="Fablab Photo")


@pytest.fixture
def manager(client, workshop):
    user = MembershipFactory(workshop=workshop).user
    client.force_login(user)
    return user


def add_photo(client, workshop, content=None, alt="Two members at the laser cutter", credit="", name="photo.jpg"):
    data = {"action": "add", "file": upload(content or image_bytes(), name), "alt_text": alt, "credit": credit}
    return client.post(f"/manage/{workshop.slug}/photos/", {**data, "rights": "on"})


def test_a_phones_photo_is_turned_upright_and_keeps_nothing_of_its_metadata():
    drawn = photos.read(upload(a_phones_photo()))
    kept = Image.open(BytesIO(drawn.image.read()))
    assert kept.format == "JPEG"
    assert kept.size == (600, 800) == (drawn.width, drawn.height)  # upright
    assert not kept.getexif()
    drawn.image.seek(0)
    content = drawn.image.read()
    assert b"PhoneMaker" not in content and b"Exif" not in content


def test_a_large_transparent_png_is_drawn_as_a_1600_pixel_jpeg_on_white_with_a_480_pixel_thumbnail():
    drawn = photos.read(upload(image_bytes((4000, 3000), "PNG", "RGBA"), "plan.png"))
    large, small = Image.open(BytesIO(drawn.image.read())), Image.open(BytesIO(drawn.thumbnail.read()))
    assert (large.format, large.size, small.size) == ("JPEG", (1600, 1200), (480, 360))
    assert large.getpixel((10, 10))[0] > 240  # the transparent parts on white


def test_a_large_jpeg_is_decoded_at_a_smaller_scale(monkeypatch):
    decoded = []
    load = JpegImagePlugin.JpegImageFile.load

    def recording_load(image):
        decoded.append(image.size)  # after draft: the size the decoder produces
        return load(image)

    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "load", recording_load)
    drawn = photos.read(upload(image_bytes((4000, 3000))))
    assert decoded[0] == (2000, 1500)  # a quarter of the pixels in memory, still more than 1,600 wide
    assert (drawn.width, drawn.height) == (1600, 1200)


def test_a_small_photo_is_not_enlarged():
    drawn = photos.read(upload(image_bytes((400, 300))))
    assert (drawn.width, drawn.height) == (400, 300)


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"Just some text, named photo.jpg", "not_an_image"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "not_an_image"),
        (image_bytes(kind="GIF"), "not_an_image"),
        (image_bytes()[:400], "damaged"),
        (png_header(8000, 7000), "too_large"),  # 56 million pixels, refused before decoding them
        (png_header(6000, 5000), "too_large"),  # 30 million: a JPEG may, a PNG is decoded whole
        (png_header(40000, 40000), "too_large"),  # 1.6 billion: Pillow's own guard
        (image_bytes((150, 800)), "too_small"),
    ],
    ids=["text", "svg", "gif", "cut-short", "56-megapixels", "30-megapixel-png", "bomb", "150-pixels-wide"],
)
def test_what_is_not_a_photo_is_refused_with_its_reason(content, code):
    with pytest.raises(photos.ValidationError) as refused:
        photos.read(upload(content))
    assert refused.value.code == code


def test_an_image_whose_metadata_cannot_be_read_is_refused_as_damaged(monkeypatch):
    def unreadable(image):
        raise SyntaxError("not a TIFF block")

    monkeypatch.setattr(photos.ImageOps, "exif_transpose", unreadable)
    with pytest.raises(photos.ValidationError) as refused:
        photos.read(upload(a_phones_photo()))
    assert refused.value.code == "damaged"


def test_a_file_too_heavy_is_refused_before_it_is_read(monkeypatch):
    monkeypatch.setattr(photos, "MAX_BYTES", 1000)
    with pytest.raises(photos.ValidationError) as refused:
        photos.read(upload(image_bytes()))
    assert refused.value.code == "too_heavy"
    assert "1000" in refused.value.messages[0]  # the limit, said


def test_a_manager_adds_a_photo_and_it_shows_first_on_the_workshops_page(client, workshop, manager):
    response = add_photo(client, workshop, credit="Camille Martin, CC BY 4.0")
    assert response.status_code == 302
    photo = Photo.objects.get(workshop=workshop)
    assert (photo.added_by, photo.width, photo.height) == (manager, 800, 600)
    assert re.fullmatch(r"photos/[\w-]{22}\.jpg", photo.image.name)
    assert default_storage.exists(photo.image.name) and default_storage.exists(photo.thumbnail.name)
    client.logout()

    page = client.get(workshop.get_absolute_url()).content.decode()
    main = re.search(r'<figure class="photo-main">\s*<img ([^>]*)>', page).group(1)
    assert f'src="/media/{photo.image.name}"' in main
    # A phone takes the 480-pixel one when it is enough for its screen.
    assert f'srcset="/media/{photo.thumbnail.name} 480w, /media/{photo.image.name} 800w"' in main
    assert 'alt="Two members at the laser cutter" width="800" height="600"' in main
    assert "Photo : Camille Martin, CC BY 4.0" in page
    assert f'<meta property="og:image" content="{absolute(photo.image.url)}">' in page
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert ld["image"] == [absolute(f"/media/{photo.image.name}")]


def test_the_list_shows_each_workshops_first_photo_small_and_follows_a_new_first(client, workshop, manager):
    WorkshopFactory(name="Atelier sans photo")
    add_photo(client, workshop, alt="The main room")
    add_photo(client, workshop, alt="The laser cutter")
    first, second = Photo.objects.filter(workshop=workshop)
    client.logout()

    def card_photos():
        page = client.get("/workshops/").content.decode()
        return {
            name: re.findall(r'<img class="card-photo" src="([^"]+)" alt=""', card)
            for card, name in re.findall(r'(<article class="card[^"]*">.*?<h3><a [^>]*>([^<]+)</a>)', page, re.S)
        }

    # The thumbnail, not the 1,600-pixel photo; decorative in a card, whose heading names the workshop.
    assert card_photos() == {"Atelier sans photo": [], "Fablab Photo": [f"/media/{first.thumbnail.name}"]}
    client.force_login(manager)
    client.post(f"/manage/{workshop.slug}/photos/", {"action": f"first:{second.pk}"})
    client.logout()
    assert card_photos()["Fablab Photo"] == [f"/media/{second.thumbnail.name}"]


def test_a_workshops_page_changes_its_etag_when_a_photo_is_added(client, workshop):
    before = client.get(workshop.get_absolute_url())["ETag"]
    manager = MembershipFactory(workshop=workshop).user
    client.force_login(manager)
    add_photo(client, workshop)
    client.logout()
    assert client.get(workshop.get_absolute_url())["ETag"] != before


def test_the_upload_form_says_which_field_is_wrong_and_why_and_stores_nothing(client, workshop, manager):
    response = add_photo(client, workshop, alt="")
    page = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'<input [^>]*autofocus[^>]*id="id_alt_text"', page)  # the add form is at the bottom
    assert '<a href="#id_alt_text">Ce que montre la photo</a> — Ce champ est obligatoire.' in page
    response = add_photo(client, workshop, content=b"GIF89a not really", name="tool.gif")
    assert "Ce fichier n’est pas une image JPEG, PNG ou WebP" in response.content.decode()
    response = client.post(f"/manage/{workshop.slug}/photos/", {"action": "add", "alt_text": "Atelier"})
    assert '<a href="#id_file">Photo</a>' in response.content.decode()
    assert '<a href="#id_rights">' in response.content.decode()
    assert not Photo.objects.exists()
    assert stored_files() == []


def test_a_photo_whose_row_cannot_be_written_leaves_no_file_behind(workshop, manager, monkeypatch):
    form = PhotoForm({"alt_text": "Atelier", "rights": "on"}, {"file": upload(image_bytes())}, workshop=workshop)
    assert form.is_valid(), form.errors

    def fails(**kwargs):
        raise IntegrityError("the database refused")

    monkeypatch.setattr(Photo.objects, "create", fails)
    with pytest.raises(IntegrityError):
        _add(workshop, form, manager)
    assert stored_files() == []


def test_a_workshop_shows_at_most_eight_photos(client, workshop, manager):
    for _ in range(photos.PER_WORKSHOP):
        assert add_photo(client, workshop).status_code == 302
    page = client.get(f"/manage/{workshop.slug}/photos/").content.decode()
    assert "L’atelier montre 8 photos, le maximum : retirez-en une pour en ajouter une autre." in page
    assert "Ajouter la photo" not in page
    add_photo(client, workshop)  # from a page opened before the eighth was added
    assert Photo.objects.filter(workshop=workshop).count() == photos.PER_WORKSHOP
    form = PhotoForm({"alt_text": "Atelier", "rights": "on"}, {"file": upload(image_bytes())}, workshop=workshop)
    assert form.errors["__all__"] == [
        "Un atelier montre au plus 8 photos : retirez-en une avant d’en ajouter une autre."
    ]


def test_a_manager_puts_a_photo_first_corrects_what_it_shows_and_removes_one(
    client, workshop, manager, django_capture_on_commit_callbacks
):
    add_photo(client, workshop, alt="The main room")
    add_photo(client, workshop, alt="The laser cutter")
    first, second = Photo.objects.filter(workshop=workshop)
    url = f"/manage/{workshop.slug}/photos/"

    client.post(url, {"action": f"first:{second.pk}"})
    assert list(Photo.objects.filter(workshop=workshop)) == [second, first]

    prefix = f"photo-{second.pk}"
    response = client.post(url, {"action": f"save:{second.pk}", f"{prefix}-alt_text": "", f"{prefix}-credit": ""})
    # Said at the top of that photo's card, linked to its field, which takes the focus.
    page = response.content.decode()
    assert f'<a href="#id_{prefix}-alt_text">Ce que montre la photo</a> — Ce champ est obligatoire.' in page
    assert re.search(rf'<input [^>]*autofocus[^>]*id="id_{prefix}-alt_text"', page)
    second.refresh_from_db()
    assert second.alt_text == "The laser cutter"
    client.post(url, {"action": f"save:{second.pk}", f"{prefix}-alt_text": "The CO₂ laser", f"{prefix}-credit": "Sam"})
    second.refresh_from_db()
    assert (second.alt_text, second.credit) == ("The CO₂ laser", "Sam")

    files = [second.image.name, second.thumbnail.name]
    asked = client.post(url, {"action": f"remove:{second.pk}"}).content.decode()
    assert "Retirer définitivement cette photo ? Elle ne pourra pas être récupérée." in asked
    assert f'value="remove-confirmed:{second.pk}"' in asked
    assert Photo.objects.filter(pk=second.pk).exists()  # nothing removed before it is confirmed
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": f"remove-confirmed:{second.pk}"})
    assert list(Photo.objects.filter(workshop=workshop)) == [first]
    assert not any(default_storage.exists(name) for name in files)
    assert default_storage.exists(first.image.name)


def test_an_action_on_another_workshops_photo_changes_nothing(client, workshop, manager):
    other = WorkshopFactory()
    theirs = Photo.objects.create(
        workshop=other, image="photos/x.jpg", thumbnail="photos/x-small.jpg", width=1, height=1, alt_text="Their room"
    )
    url = f"/manage/{workshop.slug}/photos/"
    for action in (
        f"remove-confirmed:{theirs.pk}",
        f"remove:{theirs.pk}",
        f"first:{theirs.pk}",
        f"save:{theirs.pk}",
        "delete:1",
        "remove:abc",
    ):
        response = client.post(url, {"action": action, f"photo-{theirs.pk}-alt_text": "Mine now"}, follow=True)
        assert "Cette photo n’est plus là" in response.content.decode(), action
    theirs.refresh_from_db()
    assert theirs.alt_text == "Their room"


def test_deleting_a_workshop_deletes_its_photos_files(client, workshop, manager, django_capture_on_commit_callbacks):
    add_photo(client, workshop)
    photo = Photo.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        workshop.delete()
    assert not default_storage.exists(photo.image.name)
    assert stored_files() == []


def test_the_api_lists_a_workshops_photos_for_whoever_may_see_the_workshop(client, workshop, manager):
    add_photo(client, workshop, alt="The main room", credit="Sam")
    photo = Photo.objects.get()
    client.logout()
    answer = client.get(f"/api/v1/workshops/{workshop.slug}/photos/")
    assert answer.status_code == 200
    assert answer.json() == [
        {
            "url": f"http://testserver/media/{photo.image.name}",
            "thumbnail_url": f"http://testserver/media/{photo.thumbnail.name}",
            "width": 800,
            "height": 600,
            "alt_text": "The main room",
            "credit": "Sam",
        }
    ]
    assert client.get("/api/v1/workshops/no-such-workshop/photos/").status_code == 404

    workshop.status = Status.DRAFT
    workshop.save()
    assert client.get(f"/api/v1/workshops/{workshop.slug}/photos/").status_code == 404
    client.force_login(manager)
    assert client.get(f"/api/v1/workshops/{workshop.slug}/photos/").status_code == 200


def test_photos_are_served_for_good_only_where_the_application_serves_them(client, workshop, manager, settings):
    add_photo(client, workshop)
    photo = Photo.objects.get()
    url = f"/media/{photo.image.name}"
    settings.SERVE_MEDIA = False
    assert client.get(url).status_code == 404
    settings.SERVE_MEDIA = True
    served = client.get(url)
    assert (served.status_code, served["Content-Type"]) == (200, "image/jpeg")
    assert served["Cache-Control"] == "public, max-age=31536000, immutable"
    assert b"".join(served.streaming_content)[:2] == b"\xff\xd8"
    for outside in ("/media/../manage.py", "/media/%2e%2e/manage.py", "/media/photos/", "/media/nothing.jpg"):
        assert client.get(outside).status_code == 404, outside


def test_a_visitor_reports_a_photo_and_moderators_are_led_to_the_workshops_photos(client, workshop):
    photo = "Une photo ne devrait pas être affichée"
    assert photo not in client.get(f"/workshops/{workshop.slug}/report/").content.decode()  # none yet
    refused = client.post(f"/workshops/{workshop.slug}/report/", {"kind": "photo", "message": "?"})
    assert refused.status_code == 200 and not ProblemReport.objects.exists()
    Photo.objects.create(workshop=workshop, image="photos/a.jpg", thumbnail="photos/a-s.jpg", width=8, height=6)
    report = client.get(f"/workshops/{workshop.slug}/report/").content.decode()
    assert "Une photo ne devrait pas être affichée (droits, vie privée, contenu)" in report
    sent = client.post(f"/workshops/{workshop.slug}/report/", {"kind": "photo", "message": "On me reconnaît"})
    assert sent.status_code == 302
    client.force_login(UserFactory(is_staff=True))
    queue = client.get("/moderation/").content.decode()
    assert f'<a href="/manage/{workshop.slug}/photos/">Ses photos</a>' in queue


def test_uploads_are_limited_per_person(client, workshop, manager):
    # Anyone with an account may register a draft and add photos to it: each upload is decoded.
    for _ in range(limits.PHOTO_UPLOAD_PER_USER.limit):
        add_photo(client, workshop, alt="")  # refused uploads count too
    refused = add_photo(client, workshop)
    assert refused.status_code == 429 and "Retry-After" in refused
    assert not Photo.objects.exists()
    other = MembershipFactory(workshop=workshop).user  # another manager is not held back
    client.force_login(other)
    assert add_photo(client, workshop).status_code == 302


def test_the_thumbnails_width_keeps_the_photos_proportions():
    assert Photo(width=600, height=800).thumbnail_width == 360  # upright: 480 high
    assert Photo(width=1600, height=1200).thumbnail_width == 480
    assert Photo(width=300, height=200).thumbnail_width == 300  # never enlarged


def test_the_workshops_history_says_who_added_described_and_removed_a_photo(client, workshop, manager):
    manager.first_name = "Alice"
    manager.save()
    add_photo(client, workshop, alt="The main room")
    photo = Photo.objects.get(workshop=workshop)
    prefix = f"photo-{photo.pk}"
    url = f"/manage/{workshop.slug}/photos/"
    client.post(url, {"action": f"save:{photo.pk}", f"{prefix}-alt_text": "The main room, on a Saturday"})
    client.post(url, {"action": f"remove-confirmed:{photo.pk}"})

    response = client.get(f"/manage/{workshop.slug}/history/")
    photo_entries = [e for e in response.context["entries"] if e["record"]._meta.model_name == "historicalphoto"]
    assert [(str(e["kind"]), e["user"]) for e in photo_entries] == [
        ("retrait", manager),
        ("modification", manager),
        ("création", manager),
    ]
    assert [(str(c["field"]), c["old"], c["new"]) for c in photo_entries[1]["changes"]] == [
        ("ce que montre la photo", "The main room", "The main room, on a Saturday")
    ]
    page = response.content.decode()
    assert "Photo : The main room, on a Saturday" in page and "Alice" in page
