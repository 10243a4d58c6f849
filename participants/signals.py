from django.dispatch import Signal

# Sent (with ``workshop``) after the personal data of a workshop's participants was erased in
# bulk, which sends no model signals: higher layers that show names (named answer walls) listen.
personal_data_erased = Signal()
