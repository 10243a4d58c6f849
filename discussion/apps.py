from django.apps import AppConfig
from django.db.models.signals import post_save, pre_delete
from django.utils.translation import gettext_lazy as _


class DiscussionConfig(AppConfig):
    name = "discussion"
    verbose_name = _("Diskussion")

    def ready(self) -> None:
        from participants.models import Participant
        from participants.signals import personal_data_erased

        post_save.connect(_participant_saved, sender=Participant, dispatch_uid="discussion-participant-saved")
        pre_delete.connect(
            _participant_deleting, sender=Participant, dispatch_uid="discussion-participant-deleting"
        )
        personal_data_erased.connect(_personal_data_erased, dispatch_uid="discussion-personal-data-erased")


def _participant_saved(sender, instance, created, update_fields=None, **kwargs) -> None:
    # A new person has no answers yet; a new resume link changes nothing on the walls.
    if created or (update_fields is not None and "display_name" not in update_fields):
        return
    from discussion.services import refresh_walls_for_participant

    refresh_walls_for_participant(participant=instance, leaving=False)


def _participant_deleting(sender, instance, **kwargs) -> None:
    # Before the delete: afterwards their answers and dots (deleted with them) cannot be found.
    from discussion.services import refresh_walls_for_participant

    refresh_walls_for_participant(participant=instance, leaving=True)


def _personal_data_erased(sender, workshop, **kwargs) -> None:
    # Named walls may show the erased names (also from the fragment cache): make polls fetch anew.
    from discussion.services import refresh_named_walls

    refresh_named_walls(workshop=workshop)
