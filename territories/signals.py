"""What the territories tell the apps above them, which they may not import.

`loaded` is sent once `load_territories` has written the official geography, with
`renamed_communes`: the codes of the communes whose name changed. The directory listens
(workshops.classification): names are in its pages and its search.
"""

from django.dispatch import Signal

loaded = Signal()
