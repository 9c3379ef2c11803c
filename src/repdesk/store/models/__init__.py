"""Every table and model family, importable from one place (Alembic's target metadata).

Each module's ``__all__`` names what it offers; they are gathered here whole.
"""

# ruff: noqa: F403
from repdesk.store.models.base import UpdateModel as UpdateModel
from repdesk.store.models.base import labels_of as labels_of
from repdesk.store.models.case import *
from repdesk.store.models.chain import *
from repdesk.store.models.evidence import *
from repdesk.store.models.member import *
from repdesk.store.models.profile import *
from repdesk.store.models.talks import *
from repdesk.store.models.threat import *
