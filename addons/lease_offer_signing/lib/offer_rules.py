"""What may be done with a document in a given state.

Each function answers with ``None`` (allowed) or a short reason code that the
model turns into a translated message for the user.
"""

STATES = (
    "draft",               # in progress, will not be sent
    "awaiting_signature",  # waits for a digital signature, will not be sent
    "signed",              # signed digitally and saved, waits for the server
    "backed_up",           # stored on the server, exported around 21:00
    "exported",            # sent to the insurer: locked
    "accepted",            # the insurer took it into processing
    "cancelled",           # storno
    "conflict",            # edited after it had been exported: the edit is kept aside
)
EXPORTED_STATES = ("exported", "accepted", "conflict")
EXPORTABLE_STATES = ("signed", "backed_up")


def edit_refusal(state, signed_digitally):
    """Why the content of a document cannot be changed, or ``None``."""
    if state == "cancelled":
        return "cancelled"
    if state in EXPORTED_STATES:
        return "exported"
    if state == "signed" or signed_digitally:
        return "signed"
    if state == "awaiting_signature":
        return "signing"
    return None


def storno_refusal(state, signed_digitally):
    """Why a document cannot be cancelled (storno), or ``None``.

    Only documents saved as completed (``backed_up``) that have not been
    exported can be cancelled; a digitally signed one never.
    """
    if state == "cancelled":
        return "cancelled"
    if signed_digitally or state == "signed":
        return "signed"
    if state in EXPORTED_STATES:
        return "exported"
    if state != "backed_up":
        return "not_completed"
    return None


def unlink_refusal(state):
    """Only documents in progress can be deleted; the others are cancelled."""
    return None if state == "draft" else "not_draft"


def next_to_sign(fields):
    """The first pending signature field, in signing order.

    ``fields`` is an iterable of ``(sequence, id, state)``; returns the id or
    ``None`` when every field is signed.
    """
    pending = sorted((seq, id_) for seq, id_, state in fields if state != "signed")
    return pending[0][1] if pending else None
