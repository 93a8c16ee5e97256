"""Read-side of the Kita app: querysets already scoped to what the asking user may see.

One module per audience; import from the package (``from kita import selectors``).
"""

from kita.selectors.catalogue import *  # noqa: F403
