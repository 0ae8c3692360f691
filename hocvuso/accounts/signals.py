"""Signals higher apps connect to, so that what they count follows the person."""

from django.dispatch import Signal

# Sent inside the transaction, after a person's home place or learner group changed.
# Arguments: user, old_place_id, old_group.
person_moved = Signal()

# Sent inside the transaction, just before a person's account and records are deleted.
# Arguments: user.
person_deleting = Signal()
