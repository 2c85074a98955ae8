"""A workshop's photos: add one, say what each shows, choose the first, remove one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from afn_directory import limits
from workshops import photos
from workshops.models import Photo
from workshops.vocabularies import Status

from . import progress
from .access import managed_workshop
from .forms import PhotoDetailsForm, PhotoForm

# "remove" asks first (the card says what will go); "remove-confirmed" removes.
ACTIONS = ("save", "first", "remove", "remove-confirmed")


@login_required
def photo_list(request, slug):
    workshop, access = managed_workshop(request, slug)
    kept = list(workshop.photos.all())
    form = PhotoForm(workshop=workshop)
    details = {photo.pk: PhotoDetailsForm(instance=photo, prefix=f"photo-{photo.pk}") for photo in kept}
    confirming = None
    if request.method == "POST":
        action, _sep, pk = request.POST.get("action", "add").partition(":")
        photo = next((photo for photo in kept if str(photo.pk) == pk), None)
        if action == "add":
            if not limits.PHOTO_UPLOAD_PER_USER.hit(str(request.user.pk)):
                return limits.too_many_attempts(request, limits.PHOTO_UPLOAD_PER_USER)
            form = PhotoForm(request.POST, request.FILES, workshop=workshop)
            if form.is_valid():
                _add(workshop, form, request.user)
                messages.success(request, _("The photo is added. It shows on the workshop’s page."))
                return redirect(request.path)
            _focus_first_error(form)
        elif action not in ACTIONS or photo is None:
            messages.error(request, _("This photo is no longer there: the list below is the current one."))
            return redirect(request.path)
        elif action == "remove":
            confirming = photo.pk
        elif action == "remove-confirmed":
            photo.delete()  # and its files, once committed (workshops.models)
            messages.success(request, _("The photo is removed."))
            return redirect(request.path)
        elif action == "first":
            _put_first(workshop, photo)
            messages.success(request, _("This photo now shows first."))
            return redirect(request.path)
        else:
            details[photo.pk] = bound = PhotoDetailsForm(request.POST, instance=photo, prefix=f"photo-{photo.pk}")
            if bound.is_valid():
                bound.save()
                messages.success(request, _("The photo’s description is saved."))
                return redirect(request.path)
            _focus_first_error(bound)
    context = {
        "workshop": workshop,
        "access": access,
        "form": form,
        "photos": [(photo, details[photo.pk]) for photo in kept],
        "confirming": confirming,
        "room_left": photos.PER_WORKSHOP - len(kept),
        "photos_max": photos.PER_WORKSHOP,
        "section": "photos",
        "steps": progress.STEPS,
        "registering": workshop.status == Status.DRAFT,
        "next_step": progress.step_url(workshop, progress.next_step("photos")),
    }
    return render(request, "manage/photos.html", context)


def _focus_first_error(form):
    """The first field in error takes the focus (and the screen): the form that failed may be far
    below the top of the page, under the other photos."""
    for name in form.errors:
        if name in form.fields:
            form.fields[name].widget.attrs["autofocus"] = True
            return


def _add(workshop, form, user):
    """Store the drawn files, then the row; a row that cannot be written leaves no file behind."""
    name = photos.new_name()
    image = default_storage.save(f"{name}.jpg", form.drawn.image)
    thumbnail = default_storage.save(f"{name}-small.jpg", form.drawn.thumbnail)
    try:
        with transaction.atomic():
            last = workshop.photos.aggregate(last=Max("position"))["last"]
            Photo.objects.create(
                workshop=workshop,
                image=image,
                thumbnail=thumbnail,
                width=form.drawn.width,
                height=form.drawn.height,
                alt_text=form.cleaned_data["alt_text"],
                credit=form.cleaned_data["credit"],
                position=0 if last is None else last + 1,
                added_by=user,
            )
    except BaseException:
        default_storage.delete(image)
        default_storage.delete(thumbnail)
        raise


@transaction.atomic
def _put_first(workshop, chosen):
    """The chosen photo first, the others after it in their order (each save tells the caches)."""
    for position, photo in enumerate([chosen, *workshop.photos.exclude(pk=chosen.pk)]):
        if photo.position != position:
            photo.position = position
            photo.save(update_fields=["position"])
