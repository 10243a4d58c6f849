# Discussion models are split by topic; each module is imported here so Django finds them.
from discussion.models.fazit import *  # noqa: F403
from discussion.models.live import *  # noqa: F403
