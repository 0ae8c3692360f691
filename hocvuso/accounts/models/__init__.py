"""Models of accounts, one module per concept."""

from hocvuso.accounts.models.audit import AccountEvent, AuditEntry, EventKind
from hocvuso.accounts.models.codes import CodePurpose, OneTimeCode
from hocvuso.accounts.models.consent import Consent, ConsentKind
from hocvuso.accounts.models.roles import PEOPLE_KINDS, STAFF_KINDS, Role, RoleKind
from hocvuso.accounts.models.users import (
    AccountStatus,
    BackupCode,
    LearnerGroup,
    User,
)

__all__ = [
    "PEOPLE_KINDS",
    "STAFF_KINDS",
    "AccountEvent",
    "AccountStatus",
    "AuditEntry",
    "BackupCode",
    "CodePurpose",
    "Consent",
    "ConsentKind",
    "EventKind",
    "LearnerGroup",
    "OneTimeCode",
    "Role",
    "RoleKind",
    "User",
]
