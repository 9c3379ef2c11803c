"""The threat log's hash chain: canonical events, salted content hashes, and the verify walk.

Every event that touches the log is appended with
``hash = SHA-256(previous hash ‖ canonical encoding of the event)``, the first
one chained to :data:`GENESIS`. An entry's own event commits to a *salted*
hash of its content (every field that never changes, its links at logging and
its evidence hashes), so the content can later be blanked by an appended
erasure while the chain still verifies, and a hash printed in an export gives
nothing away about a short field. Events hold ids, references, hashes, states
and times only: never a name or a quote an erasure would have to rewrite.

Pure: the store reads the rows and hands them here; nothing in this module
touches a file.
"""

from repdesk.domain.chain.events import *  # noqa: F403
from repdesk.domain.chain.events import __all__ as _events
from repdesk.domain.chain.walk import *  # noqa: F403
from repdesk.domain.chain.walk import __all__ as _walk

__all__ = [*_events, *_walk]
