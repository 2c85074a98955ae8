"""The equipment list of a workshop: add, edit and remove rows in one form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from workshops.models import Equipment
from workshops.vocabularies import Status

from . import progress
from .access import managed_workshop
from .forms import EquipmentFormSet


@login_required
def equipment(request, slug):
    workshop, access = managed_workshop(request, slug)
    queryset = Equipment.objects.filter(workshop=workshop).select_related("type")
    formset = EquipmentFormSet(request.POST or None, instance=workshop, queryset=queryset, prefix="equipment")
    if request.method == "POST" and formset.is_valid():
        formset.save()  # the history middleware records who changed each row
        if "add" in request.POST:
            # "Add a machine": the card just filled is saved and a blank one waits, on this step.
            if formset.new_objects:
                messages.success(request, _("The machine is saved. Describe the next one below."))
            # A query, not a #fragment: browsers keep a fragment across the next redirect.
            return redirect(f"{request.path}?added=1")
        if workshop.status == Status.DRAFT:
            messages.success(request, _("Saved as a draft."))
            return redirect(progress.step_url(workshop, progress.next_step("equipment")))
        messages.success(request, _("The equipment list is saved."))
        return redirect(request.path)
    if request.method == "GET" and request.GET.get("added") and formset.extra_forms:
        # Straight after "Add a machine", the blank card has the focus (and the screen).
        formset.extra_forms[0].fields["type"].widget.attrs["autofocus"] = True
    context = {
        "workshop": workshop,
        "access": access,
        "formset": formset,
        "steps": progress.STEPS,
        "registering": workshop.status == Status.DRAFT,
        "section": "equipment",
    }
    return render(request, "manage/equipment.html", context)
