"""The consent text: what is collected and why, in plain words, with a version."""

from django.utils.translation import gettext as _

# Change the version whenever the purposes change: people will then be asked again.
CONSENT_VERSION = "2026-11"


def purposes() -> list[str]:
    return [
        _(
            "Your name, year of birth, learner group, commune and mobile number are kept so that you can sign in and keep your progress."
        ),
        _(
            "Your learning progress and results are kept so that you can continue where you stopped and receive certificates."
        ),
        _(
            "Volunteers and officers of your commune or ward can see your name and progress, only to help you and to count how many people have learned. They never see your password."
        ),
        _(
            "Your mobile number is used only to send you one-time codes. It is never given to anyone else or used for advertising."
        ),
        _("You can read this consent and withdraw it at any time from your account page."),
    ]


def snapshot() -> str:
    """The purposes exactly as shown, kept beside each consent."""
    return "\n".join(f"- {p}" for p in purposes())
