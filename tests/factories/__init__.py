"""All test factories, importable from one place (``from tests.factories import KitaFactory``).

Each app's factories live in a module of their own here; add yours with one import line below.
"""

from tests.factories.allocation import *  # noqa: F403
from tests.factories.beratung import *  # noqa: F403
from tests.factories.core import *  # noqa: F403
from tests.factories.desk import *  # noqa: F403
from tests.factories.directory import *  # noqa: F403
from tests.factories.family import *  # noqa: F403
from tests.factories.registration import *  # noqa: F403
from tests.factories.tagespflege import *  # noqa: F403
