"""Read-side of the Kita app: querysets already scoped to what the asking user may see.

One module per audience; import from the package (``from kita import selectors``).
"""

from kita.selectors.allocation import *  # noqa: F403
from kita.selectors.catalogue import *  # noqa: F403
from kita.selectors.family import *  # noqa: F403
from kita.selectors.leader import *  # noqa: F403
